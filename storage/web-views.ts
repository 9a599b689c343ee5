import type { TokenScope } from '../schemas/governance.ts'
import type { Queryable } from './db.ts'
import { scopeSql } from './scope.ts'

/** Read-only queries the pages need beyond the storage and search modules. */

/** Every customer with its number of documents, by name. */
export async function customerCounts(
  db: Queryable,
  scope?: TokenScope,
): Promise<{ value: string; count: number }[]> {
  const scoped = scopeSql(scope, 1)
  return db.query<{ value: string; count: number }>(
    `SELECT d.customer AS value, count(*)::int AS count FROM documents d
     WHERE d.status = 'ok' AND ${scoped.sql} GROUP BY d.customer ORDER BY d.customer`,
    scoped.params,
  )
}

/** A recently ingested document, for the ingest page. */
export interface RecentIngest {
  id: number
  title: string | null
  customer: string | null
  type: string | null
  sourcePath: string
  status: 'ok' | 'failed'
  chunks: number
  updatedAt: string
}

/** Documents most recently (re)ingested first, with their chunk counts. */
export async function recentIngests(db: Queryable, limit = 25, scope?: TokenScope): Promise<RecentIngest[]> {
  const scoped = scopeSql(scope, 2)
  const rows = await db.query<Omit<RecentIngest, 'updatedAt'> & { updatedAt: Date }>(
    `SELECT d.id, d.title, d.customer, d.type, d.source_path AS "sourcePath", d.status,
       (SELECT count(*)::int FROM chunks c WHERE c.document_id = d.id) AS chunks, d.updated_at AS "updatedAt"
     FROM documents d WHERE ${scoped.sql} ORDER BY d.updated_at DESC, d.id DESC LIMIT $1`,
    [limit, ...scoped.params],
  )
  return rows.map((r) => ({ ...r, id: Number(r.id), updatedAt: new Date(r.updatedAt).toISOString() }))
}

/** A document in a pattern, for the pattern listing. */
export interface PatternDocument {
  id: number
  title: string
  customer: string
  date: string
}

/** The documents of each pattern (one query for the whole listing), newest first. */
export async function patternDocuments(
  db: Queryable,
  scope?: TokenScope,
): Promise<Map<string, PatternDocument[]>> {
  const scoped = scopeSql(scope, 1)
  const rows = await db.query<PatternDocument & { patternId: string }>(
    `SELECT DISTINCT m.pattern_id AS "patternId", d.id, d.title, d.customer, d.date::text AS date
     FROM pattern_members m JOIN documents d ON d.id = m.document_id WHERE ${scoped.sql}
     ORDER BY m.pattern_id, date DESC, d.id`,
    scoped.params,
  )
  const byPattern = new Map<string, PatternDocument[]>()
  for (const { patternId, ...doc } of rows) {
    const list = byPattern.get(patternId) ?? []
    list.push({ ...doc, id: Number(doc.id) })
    byPattern.set(patternId, list)
  }
  return byPattern
}

/** Documents per customer per ISO week, for the home page chart. */
export interface CustomerWeeks {
  /** Monday of each week, oldest first. */
  weeks: string[]
  rows: { customer: string; counts: number[]; total: number }[]
}

/** The `weeks` ISO weeks ending with the week of the newest document, per customer (most documents first). */
export async function customerWeeks(db: Queryable, weeks = 8): Promise<CustomerWeeks> {
  const rows = await db.query<{ customer: string; monday: string; n: number }>(
    `WITH last AS (SELECT date_trunc('week', max(date))::date AS monday FROM documents WHERE status = 'ok'),
     w AS (SELECT generate_series(last.monday - make_interval(weeks => $1 - 1), last.monday, interval '1 week')::date AS monday FROM last)
     SELECT d.customer, w.monday::text AS monday, count(*)::int AS n
     FROM w JOIN documents d ON d.status = 'ok' AND d.date >= w.monday AND d.date < w.monday + 7
     GROUP BY d.customer, w.monday`,
    [weeks],
  )
  const [last] = await db.query<{ monday: string | null }>(
    `SELECT date_trunc('week', max(date))::date::text AS monday FROM documents WHERE status = 'ok'`,
  )
  if (!last?.monday) return { weeks: [], rows: [] }
  const start = Date.parse(`${last.monday}T00:00:00Z`) - (weeks - 1) * 7 * 86_400_000
  const mondays = Array.from({ length: weeks }, (_, i) =>
    new Date(start + i * 7 * 86_400_000).toISOString().slice(0, 10),
  )
  const byCustomer = new Map<string, number[]>()
  for (const r of rows) {
    const counts = byCustomer.get(r.customer) ?? new Array<number>(weeks).fill(0)
    counts[mondays.indexOf(r.monday)] = r.n
    byCustomer.set(r.customer, counts)
  }
  return {
    weeks: mondays,
    rows: [...byCustomer]
      .map(([customer, counts]) => ({ customer, counts, total: counts.reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.total - a.total || a.customer.localeCompare(b.customer)),
  }
}
