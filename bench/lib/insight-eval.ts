/**
 * Score stored insights against a keyed corpus. The matching rule, stated once:
 *   - a reported pattern MATCHES a planted one when it holds ≥ 2 of its occurrence documents and
 *     those are at least half of its member documents (documents that only mention the planted
 *     problem are left out of that count: neither for nor against);
 *   - a planted pattern is RECOVERED when a matching reported pattern holds occurrence documents
 *     of ≥ 3 of its customers (all of them when it has fewer); the best match is the one holding
 *     the most occurrence documents (ties: fewer members);
 *   - a reported pattern is SPURIOUS when it matches no planted pattern;
 *   - hard negatives are counted inside the best match of their planted pattern.
 */
import type { Digest } from '../../schemas/digest.ts'
import type { Queryable } from '../../storage/db.ts'
import type { KeyedCorpus, PlantedPattern } from './keyed.ts'

/** A reported pattern as the scorer sees it. */
export interface ReportedPattern {
  id: string
  trend: string
  docs: Set<string>
}

/** Per planted pattern. */
export interface PlantedScore {
  id: string
  recovered: boolean
  matchId: string | null
  customersFound: number
  customers: number
  hardNegativesIn: number
  expectedTrend: string | null
  trend: string | null
  trendRight: boolean | null
}

/** Every figure of one corpus. */
export interface InsightScore {
  corpus: string
  dates: { right: number; total: number }
  planted: PlantedScore[]
  recovered: number
  reported: number
  spurious: number
  hardNegativesIn: number
  trends: { right: number; total: number }
  edges: { recalled: number; planted: number; listed: number; real: number; recalledIds: string[] }
  digest: { checks: { name: string; ok: boolean }[]; met: number; total: number } | null
}

// Which reported trends count as right for an expected one: a problem that only just started is
// rightly "new" or "rising"; everything else must be exact.
const ACCEPT: Record<string, string[]> = {
  rising: ['rising'],
  new: ['new', 'rising', 'spike'],
  spike: ['spike'],
  steady: ['steady'],
  fading: ['fading'],
}

/** Whether `r` matches `p` (see the module comment), and with how many occurrence documents. */
export function matchCount(r: ReportedPattern, p: PlantedPattern): number {
  const occ = new Set(p.docs)
  const neutral = new Set(p.mentions)
  let hits = 0
  let counted = 0
  for (const d of r.docs) {
    if (occ.has(d)) hits += 1
    if (occ.has(d) || !neutral.has(d)) counted += 1
  }
  return hits >= 2 && hits * 2 >= counted ? hits : 0
}

/** Score reported patterns, edge cases and dates of a store against `key`. */
export function scorePatterns(
  key: KeyedCorpus,
  reported: readonly ReportedPattern[],
): Pick<InsightScore, 'planted' | 'recovered' | 'reported' | 'spurious' | 'hardNegativesIn' | 'trends'> {
  const planted = key.patterns.map((p): PlantedScore => {
    let best: ReportedPattern | null = null
    let bestHits = 0
    for (const r of reported) {
      const hits = matchCount(r, p)
      if (hits > bestHits || (hits === bestHits && hits > 0 && best && r.docs.size < best.docs.size)) {
        best = r
        bestHits = hits
      }
    }
    const customers = new Set(
      best ? p.docs.filter((d) => best.docs.has(d)).map((d) => key.customerOf.get(d) ?? d) : [],
    )
    const recovered = best !== null && customers.size >= Math.min(3, p.customers.length)
    const trend = recovered ? best!.trend : null
    return {
      id: p.id,
      recovered,
      matchId: recovered ? best!.id : null,
      customersFound: customers.size,
      customers: p.customers.length,
      hardNegativesIn: best ? p.hardNegatives.filter((d) => best.docs.has(d)).length : 0,
      expectedTrend: p.expectedTrend,
      trend,
      trendRight: recovered && p.expectedTrend ? (ACCEPT[p.expectedTrend] ?? []).includes(trend!) : null,
    }
  })
  const spurious = reported.filter((r) => key.patterns.every((p) => matchCount(r, p) === 0)).length
  const judged = planted.filter((p) => p.expectedTrend !== null)
  return {
    planted,
    recovered: planted.filter((p) => p.recovered).length,
    reported: reported.length,
    spurious,
    hardNegativesIn: planted.reduce((n, p) => n + p.hardNegativesIn, 0),
    trends: { right: judged.filter((p) => p.trendRight).length, total: judged.length },
  }
}

/** The digest checks of `key.digest` against a built digest. */
export function scoreDigest(
  key: KeyedCorpus,
  reported: readonly ReportedPattern[],
  digest: Digest,
  pathOf: Map<number, string>,
): NonNullable<InsightScore['digest']> {
  const d = key.digest!
  const shown = new Map<string, string>()
  for (const value of Object.values(digest)) {
    if (!Array.isArray(value)) continue
    for (const item of value as { id?: unknown; trend?: unknown }[])
      if (typeof item?.id === 'string' && typeof item.trend === 'string') shown.set(item.id, item.trend)
  }
  const trendsOf = (pid: string) => {
    const p = key.patterns.find((x) => x.id === pid)
    if (!p) return []
    return reported.filter((r) => matchCount(r, p) > 0 && shown.has(r.id)).map((r) => shown.get(r.id)!)
  }
  const checks: { name: string; ok: boolean }[] = []
  for (const id of new Set([...d.spike, ...d.new]))
    checks.push({
      name: `${id} flagged spike/new`,
      ok: trendsOf(id).some((t) => ['spike', 'new'].includes(t)),
    })
  for (const id of d.rising)
    checks.push({ name: `${id} flagged rising`, ok: trendsOf(id).includes('rising') })
  for (const id of d.notRising)
    checks.push({
      name: `${id} not flagged rising`,
      ok: !trendsOf(id).some((t) => ['rising', 'new', 'spike'].includes(t)),
    })
  const incidents = new Set(
    [...digest.notableIncidents, ...digest.otherIncidents].map((i) => pathOf.get(i.documentId)),
  )
  for (const doc of d.incidents) checks.push({ name: `incident ${doc}`, ok: incidents.has(doc) })
  const edges = new Set(digest.edgeCases.map((e) => pathOf.get(e.documentId)))
  for (const doc of d.edgeDocs) checks.push({ name: `edge case ${doc}`, ok: edges.has(doc) })
  return { checks, met: checks.filter((c) => c.ok).length, total: checks.length }
}

/** Stored document dates against the key's true dates. */
export async function scoreDates(db: Queryable, key: KeyedCorpus): Promise<InsightScore['dates']> {
  const rows = await db.query<{ path: string; date: string }>(
    "SELECT source_path AS path, date::text AS date FROM documents WHERE status = 'ok'",
  )
  let right = 0
  for (const r of rows) if (key.dates.get(r.path) === r.date) right += 1
  return { right, total: key.dates.size }
}

/** Listed edge cases (one entry per document) against the planted ones. */
export function scoreEdges(key: KeyedCorpus, listedDocs: readonly string[]): InsightScore['edges'] {
  const planted = new Set(key.edges.map((e) => e.doc))
  const docs = new Set(listedDocs)
  return {
    recalled: [...planted].filter((d) => docs.has(d)).length,
    planted: planted.size,
    listed: docs.size,
    real: [...docs].filter((d) => planted.has(d)).length,
    recalledIds: key.edges.filter((e) => docs.has(e.doc)).map((e) => e.id),
  }
}

/** Options of {@link evaluateStore}. */
export interface EvaluateOptions {
  /** Builds the digest of a period (the bench passes `buildDigest`). */
  digest?: (from: string, to: string) => Promise<Digest>
}

/** Every figure of {@link InsightScore} for a store holding `key`'s corpus with insights refreshed. */
export async function evaluateStore(
  db: Queryable,
  key: KeyedCorpus,
  options: EvaluateOptions = {},
): Promise<InsightScore> {
  const members = await db.query<{ id: string; trend: string; path: string }>(
    `SELECT p.id, p.trend, d.source_path AS path
     FROM patterns p JOIN pattern_members m ON m.pattern_id = p.id JOIN documents d ON d.id = m.document_id
     ORDER BY p.rank`,
  )
  const byId = new Map<string, ReportedPattern>()
  for (const m of members) {
    const r = byId.get(m.id) ?? { id: m.id, trend: m.trend, docs: new Set<string>() }
    r.docs.add(m.path)
    byId.set(m.id, r)
  }
  const reported = [...byId.values()]
  const edgeDocs = await db.query<{ path: string }>(
    'SELECT DISTINCT d.source_path AS path FROM edge_cases e JOIN documents d ON d.id = e.document_id',
  )
  const docs = await db.query<{ id: number; path: string }>('SELECT id, source_path AS path FROM documents')
  const pathOf = new Map(docs.map((d) => [Number(d.id), d.path]))
  const digest =
    key.digest && options.digest
      ? scoreDigest(key, reported, await options.digest(key.digest.from, key.digest.to), pathOf)
      : null
  return {
    corpus: key.name,
    dates: await scoreDates(db, key),
    ...scorePatterns(key, reported),
    edges: scoreEdges(
      key,
      edgeDocs.map((e) => e.path),
    ),
    digest,
  }
}
