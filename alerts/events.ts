/**
 * Which alert events an ingest caused: a changed document matching a saved search, joining a
 * watched pattern, or bringing a pattern to N customers. Reads only; delivery is alerts/deliver.ts.
 */
import { distinctCustomers } from '../insights/describe.ts'
import { getPattern, listPatterns } from '../insights/read.ts'
import { NotFoundError } from '../lib/errors.ts'
import type { AlertEvent } from '../schemas/alerts.ts'
import type { PatternDetail } from '../schemas/insights.ts'
import { type SearchDeps, search } from '../search/index.ts'
import { type AlertWithSecret, type DocumentBrief, documentBriefs } from '../storage/alerts.ts'

/** What evaluation needs: the store, the embedder (search deps) and the web UI's base URL. */
export interface EvaluateDeps extends SearchDeps {
  publicUrl: string
  now?: () => Date
}

/** An event for one alert. */
export interface PendingEvent {
  alert: AlertWithSecret
  event: AlertEvent
}

// search() returns at most 100 hits, so the changed documents are matched 100 at a time.
const BATCH = 100
const EXCERPT_CHARS = 300

const clip = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat
}

/**
 * Events for `alerts` caused by the documents `changedIds` (added or updated by an ingest), read
 * after the insights refresh that followed it. A saved search matches lexically (BM25: the
 * query's terms occur in the document) — a vector search always has nearest neighbours, so it
 * cannot say "no match".
 */
export async function alertEvents(
  deps: EvaluateDeps,
  alerts: readonly AlertWithSecret[],
  changedIds: readonly number[],
): Promise<PendingEvent[]> {
  if (alerts.length === 0 || changedIds.length === 0) return []
  const now = (deps.now?.() ?? new Date()).toISOString()
  const briefs = await documentBriefs(deps.db, changedIds)
  const ids = [...briefs.keys()].sort((a, b) => a - b)
  const docUrl = (id: number) => `${deps.publicUrl}/documents/${id}`
  const doc = (b: DocumentBrief, excerpt: string | null) => ({
    id: b.id,
    title: b.title,
    customer: b.customer,
    type: b.type,
    date: b.date,
    url: docUrl(b.id),
    excerpt,
  })
  const patternOf = (p: PatternDetail) => ({
    id: p.id,
    label: p.label,
    customerCount: p.customerCount,
    customers: p.customers,
    url: `${deps.publicUrl}/patterns/${encodeURIComponent(p.id)}`,
  })
  const make = (
    alert: AlertWithSecret,
    type: AlertEvent['type'],
    eventKey: string,
    document: AlertEvent['document'],
    pattern: AlertEvent['pattern'],
  ): PendingEvent => ({
    alert,
    event: {
      type,
      eventKey,
      alert: {
        id: alert.id,
        kind: alert.kind,
        query: alert.query,
        patternId: alert.patternId,
        minCustomers: alert.minCustomers,
        owner: alert.owner,
      },
      document,
      pattern,
      occurredAt: now,
    },
  })
  const out: PendingEvent[] = []
  const patterns = new Map<string, PatternDetail | null>()
  const pattern = async (id: string) => {
    if (!patterns.has(id)) {
      patterns.set(
        id,
        await getPattern(deps.db, id).catch((e) => {
          if (e instanceof NotFoundError) return null
          throw e
        }),
      )
    }
    return patterns.get(id) ?? null
  }

  for (const alert of alerts) {
    if (alert.kind === 'search' && alert.query) {
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH)
        const found = await search(deps, {
          q: alert.query,
          filter: { ...alert.filter, documentIds: batch },
          k: BATCH,
          group: 'document',
          mode: 'lexical',
        })
        for (const hit of found.hits) {
          const b = briefs.get(hit.document.id)
          if (!b) continue
          // The content hash in the key: an update that changes the text may notify again.
          const key = `search:doc:${b.id}:${b.contentHash ?? ''}`
          out.push(make(alert, 'search.match', key, doc(b, clip(hit.text)), null))
        }
      }
    } else if (alert.kind === 'pattern' && alert.patternId) {
      const p = await pattern(alert.patternId)
      if (!p) continue
      const joined = new Set(p.members.map((m) => m.documentId).filter((id) => briefs.has(id)))
      for (const id of [...joined].sort((a, b) => a - b)) {
        const b = briefs.get(id)!
        out.push(make(alert, 'pattern.member', `pattern:${p.id}:doc:${id}`, doc(b, null), patternOf(p)))
      }
    } else if (alert.kind === 'customers' && alert.minCustomers) {
      const n = alert.minCustomers
      for (const listed of await listPatterns(deps.db, { minCustomers: n })) {
        const p = await pattern(listed.id)
        if (!p?.members.some((m) => briefs.has(m.documentId))) continue
        // "Reaching" N: without this ingest's documents the pattern had fewer customers.
        const before = distinctCustomers(
          p.members.filter((m) => !briefs.has(m.documentId)).map((m) => m.customer),
        )
        if (before.length >= n) continue
        out.push(make(alert, 'pattern.customers', `customers:${p.id}:${n}`, null, patternOf(p)))
      }
    }
  }
  return out
}
