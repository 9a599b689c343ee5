import type { DocumentSummary, SearchHit } from '../schemas/search.ts'
import type { Queryable } from '../storage/db.ts'
import { ANGLE_STANDINS, MARK_END, MARK_START, markedToHtml } from './highlight.ts'

const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`

/** A chunk row joined with its document, as search results need it. */
export interface HydratedChunk extends Omit<SearchHit, 'score' | 'lexicalRank' | 'vectorRank'> {}

/** The SELECT list shared by hit queries: chunk fields plus the document summary. */
export const HIT_COLUMNS = `c.id, c.ordinal, c.heading_path, c.text, d.id AS doc_id, d.title, d.customer, d.type,
  d.date, d.severity, d.tags, d.source_path`

/** A raw row selected with {@link HIT_COLUMNS}. */
export interface HitRow {
  id: number
  ordinal: number
  heading_path: string[]
  text: string
  doc_id: number
  title: string
  customer: string
  type: string
  date: string
  severity: string | null
  tags: string[]
  source_path: string
  headline?: string
}

/** Map a raw hit row to the API shape (document summary nested). */
export function toHydrated(r: HitRow): HydratedChunk {
  const document: DocumentSummary = {
    id: r.doc_id,
    title: r.title,
    customer: r.customer,
    type: r.type,
    date: r.date,
    severity: r.severity,
    tags: r.tags,
    sourcePath: r.source_path,
  }
  return {
    chunkId: r.id,
    ordinal: r.ordinal,
    headingPath: r.heading_path,
    text: r.text,
    highlight: markedToHtml(r.headline ?? r.text.slice(0, 300)),
    document,
  }
}

/**
 * Load chunks with their documents and a highlighted excerpt for `rankText` (matches marked,
 * everything HTML-escaped). Returned in the order of `ids`.
 */
export async function hydrate(db: Queryable, ids: number[], rankText: string): Promise<HydratedChunk[]> {
  if (ids.length === 0) return []
  const rows = await db.query<HitRow>(
    `SELECT ${HIT_COLUMNS},
       ts_headline('english', translate(c.text, '<>', $4),
         replace(replace(plainto_tsquery('english', $2::text)::text, ' & ', ' | '), ' <-> ', ' | ')::tsquery,
         $3) AS headline
     FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.id = ANY($1::bigint[])`,
    [ids, rankText, HEADLINE_OPTIONS, ANGLE_STANDINS],
  )
  const byId = new Map(rows.map((r) => [r.id, toHydrated(r)]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}
