/** Store reads for the digest's own sections: headline counts and notable incidents (documents + chunks). */
import type { ChunkText, DigestHeadline, DigestPeriod } from '../schemas/digest.ts'
import type { DocumentSection } from '../schemas/document.ts'
import type { TokenScope } from '../schemas/governance.ts'
import type { Queryable } from './db.ts'
import { scopeSql } from './scope.ts'

// Dates compare as SQL dates with BETWEEN, so documents dated exactly on `from` or `to` count.
const IN_PERIOD = `d.status = 'ok' AND d.date BETWEEN $1::date AND $2::date`

/** Headline counts for the period (without the pattern count, which comes from insights). */
export async function headlineCounts(
  db: Queryable,
  period: Pick<DigestPeriod, 'from' | 'to'>,
): Promise<Omit<DigestHeadline, 'crossCustomerPatterns'>> {
  const [types, severities, customers] = await Promise.all([
    db.query<{ type: string; n: number }>(
      `SELECT d.type, count(*)::int AS n FROM documents d WHERE ${IN_PERIOD} GROUP BY d.type`,
      [period.from, period.to],
    ),
    db.query<{ severity: string | null; n: number }>(
      `SELECT d.severity, count(*)::int AS n FROM documents d
       WHERE ${IN_PERIOD} AND d.type = 'incident' GROUP BY d.severity`,
      [period.from, period.to],
    ),
    db.query<{ customer: string }>(
      `SELECT DISTINCT d.customer FROM documents d WHERE ${IN_PERIOD} ORDER BY d.customer`,
      [period.from, period.to],
    ),
  ])
  const byType = { 'field-report': 0, incident: 0, 'integration-doc': 0 }
  for (const t of types) if (t.type in byType) byType[t.type as keyof typeof byType] = t.n
  const bySeverity = { sev1: 0, sev2: 0, sev3: 0, sev4: 0, unknown: 0 }
  for (const s of severities) {
    const key = s.severity && s.severity in bySeverity ? (s.severity as keyof typeof bySeverity) : 'unknown'
    bySeverity[key] += s.n
  }
  return {
    documents: types.reduce((n, t) => n + t.n, 0),
    byType,
    activeCustomers: customers.length,
    customers: customers.map((c) => c.customer),
    incidents: byType.incident,
    bySeverity,
  }
}

/** An incident in the period with its stored chunks (redacted text), in order. */
export interface IncidentFacts {
  documentId: number
  title: string
  customer: string
  date: string
  severity: 'sev1' | 'sev2' | 'sev3' | 'sev4' | null
  chunks: ChunkText[]
}

/**
 * Incidents dated in the period, most severe then newest first: sev1/sev2 (`notable`), or the
 * others (sev3, sev4, severity not recorded).
 */
export async function notableIncidents(
  db: Queryable,
  period: Pick<DigestPeriod, 'from' | 'to'>,
  limit = 10,
  notable = true,
  scope?: TokenScope,
): Promise<IncidentFacts[]> {
  const scoped = scopeSql(scope, 5)
  const docs = await db.query<Omit<IncidentFacts, 'chunks'>>(
    `SELECT d.id AS "documentId", d.title, d.customer, d.date::text AS date, d.severity
     FROM documents d
     WHERE ${IN_PERIOD} AND d.type = 'incident'
       AND (d.severity IS NOT NULL AND d.severity IN ('sev1', 'sev2')) = $4 AND ${scoped.sql}
     ORDER BY d.severity NULLS LAST, d.date DESC, d.id
     LIMIT $3`,
    [period.from, period.to, limit, notable, ...scoped.params],
  )
  const chunks = await documentChunks(
    db,
    docs.map((d) => Number(d.documentId)),
  )
  return docs.map((d) => ({
    ...d,
    documentId: Number(d.documentId),
    chunks: chunks.get(Number(d.documentId)) ?? [],
  }))
}

/** The stored chunks (redacted text) of `documentIds`, per document, in order. */
export async function documentChunks(
  db: Queryable,
  documentIds: readonly number[],
): Promise<Map<number, ChunkText[]>> {
  const out = new Map<number, ChunkText[]>()
  if (documentIds.length === 0) return out
  const rows = await db.query<ChunkText & { documentId: number; ordinal: number }>(
    `SELECT c.document_id AS "documentId", c.ordinal, c.heading_path AS "headingPath", c.text,
            c.section_kind AS "sectionKind"
     FROM chunks c WHERE c.document_id = ANY($1::bigint[]) ORDER BY c.document_id, c.ordinal`,
    [documentIds],
  )
  const trees = await db.query<{ id: number; sections: DocumentSection[] | null }>(
    'SELECT id, sections FROM documents WHERE id = ANY($1::bigint[])',
    [documentIds],
  )
  const treeOf = new Map(trees.map((t) => [Number(t.id), t.sections ?? []]))
  for (const r of rows) {
    const list = out.get(Number(r.documentId)) ?? []
    // The innermost section whose own text spans this chunk (sections are in pre-order).
    const holder = (treeOf.get(Number(r.documentId)) ?? [])
      .filter((x) => x.chunks && x.chunks[0] <= r.ordinal && r.ordinal <= x.chunks[1])
      .at(-1)
    list.push({
      headingPath: r.headingPath,
      text: r.text,
      sectionKind: r.sectionKind,
      headingKind: holder?.kind ?? null,
    })
    out.set(Number(r.documentId), list)
  }
  return out
}

/** The newest document date on or before `upTo`, or null when there is none. */
export async function latestDocumentDate(db: Queryable, upTo: string): Promise<string | null> {
  const [row] = await db.query<{ date: string | null }>(
    `SELECT max(d.date)::text AS date FROM documents d WHERE d.status = 'ok' AND d.date <= $1::date`,
    [upTo],
  )
  return row?.date ?? null
}

/** Documents per customer dated in the period, most first. */
export async function documentsByCustomer(
  db: Queryable,
  period: Pick<DigestPeriod, 'from' | 'to'>,
): Promise<{ label: string; value: number }[]> {
  return db.query<{ label: string; value: number }>(
    `SELECT d.customer AS label, count(*)::int AS value FROM documents d WHERE ${IN_PERIOD}
     GROUP BY d.customer ORDER BY value DESC, d.customer`,
    [period.from, period.to],
  )
}

/** Documents per ISO week (Monday dates) for the `weeks` weeks ending with the one holding `to`, oldest first, zeros kept. */
export async function documentsByWeek(
  db: Queryable,
  to: string,
  weeks = 8,
): Promise<{ label: string; value: number }[]> {
  return db.query<{ label: string; value: number }>(
    `WITH w AS (
       SELECT generate_series(date_trunc('week', $1::date) - make_interval(weeks => $2 - 1),
                              date_trunc('week', $1::date), interval '1 week')::date AS monday)
     SELECT w.monday::text AS label, count(d.id)::int AS value
     FROM w LEFT JOIN documents d
       ON d.status = 'ok' AND d.date >= w.monday AND d.date < w.monday + 7 AND d.date <= $1::date
     GROUP BY w.monday ORDER BY w.monday`,
    [to, weeks],
  )
}
