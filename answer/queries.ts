/** The answer layer's reads: query terms with idf, document chunks with their section kinds, patterns. */

import type { z } from 'zod'
import type { SectionKind } from '../schemas/document.ts'
import type { Trend } from '../schemas/insights.ts'
import type { Queryable } from '../storage/db.ts'

/** A lexeme of the question with its corpus idf (terms absent from the corpus get the maximum). */
export interface QuestionTerm {
  term: string
  df: number
  idf: number
}

/** A stored chunk with its section kind, as the extractive answer reads it. */
export interface KindedChunk {
  chunkId: number
  documentId: number
  ordinal: number
  headingPath: string[]
  text: string
  sectionKind: SectionKind
}

/** A pattern one or more of the given documents belong to. */
export interface PatternOfDocs {
  id: string
  label: string
  customerCount: number
  documentCount: number
  trend: z.infer<typeof Trend>
  rank: number
  documentIds: number[]
}

/**
 * Every lexeme of `text` under the index's english configuration, with df and Lucene idf; a
 * lexeme no chunk holds gets the idf of df = 0 (it is the most telling term, and it matched nothing).
 */
export async function questionTerms(db: Queryable, text: string): Promise<QuestionTerm[]> {
  const rows = await db.query<{ term: string; df: number | null; n: number }>(
    `SELECT q.term, s.df, cs.n_chunks::float8 AS n
     FROM unnest(tsvector_to_array(to_tsvector('english', $1::text))) AS q(term)
     CROSS JOIN corpus_stats cs
     LEFT JOIN term_stats s ON s.term = q.term AND s.df > 0`,
    [text],
  )
  return rows.map((r) => {
    const df = r.df ?? 0
    return { term: r.term, df, idf: Math.log(1 + (r.n - df + 0.5) / (df + 0.5)) }
  })
}

/** Which of `terms` each chunk of the documents holds (its heading path included), by document. */
export async function chunkTerms(
  db: Queryable,
  documentIds: number[],
  terms: string[],
): Promise<Map<number, Set<string>[]>> {
  const out = new Map<number, Set<string>[]>()
  if (documentIds.length === 0 || terms.length === 0) return out
  const rows = await db.query<{ document_id: number; terms: string[] }>(
    // setweight marks the query lexemes C and ts_filter keeps C (as in search/lexical.ts): the
    // intersection is done in C, without unnesting every lexeme of every chunk.
    `SELECT c.document_id, tsvector_to_array(ts_filter(setweight(c.tsv, 'C', $2::text[]), '{c}')) AS terms
     FROM chunks c
     WHERE c.document_id = ANY($1::bigint[])`,
    [documentIds, terms],
  )
  for (const r of rows) {
    const id = Number(r.document_id)
    out.set(id, [...(out.get(id) ?? []), new Set(r.terms)])
  }
  return out
}

/** All chunks of the given documents with their section kinds, in document order. */
export async function documentChunks(db: Queryable, documentIds: number[]): Promise<KindedChunk[]> {
  if (documentIds.length === 0) return []
  const rows = await db.query<{
    id: number
    document_id: number
    ordinal: number
    heading_path: string[]
    text: string
    section_kind: SectionKind
  }>(
    `SELECT id, document_id, ordinal, heading_path, text, section_kind
     FROM chunks WHERE document_id = ANY($1::bigint[]) ORDER BY document_id, ordinal`,
    [documentIds],
  )
  return rows.map((r) => ({
    chunkId: Number(r.id),
    documentId: Number(r.document_id),
    ordinal: r.ordinal,
    headingPath: r.heading_path,
    text: r.text,
    sectionKind: r.section_kind,
  }))
}

/** Patterns having a member chunk in any of the documents, by stored rank. */
export async function patternsOfDocuments(db: Queryable, documentIds: number[]): Promise<PatternOfDocs[]> {
  if (documentIds.length === 0) return []
  const rows = await db.query<Omit<PatternOfDocs, 'documentIds'> & { document_ids: number[] }>(
    `SELECT p.id, p.label, p.customer_count AS "customerCount", p.document_count AS "documentCount",
            p.trend, p.rank, array_agg(DISTINCT m.document_id) AS document_ids
     FROM pattern_members m JOIN patterns p ON p.id = m.pattern_id
     JOIN chunks c ON c.id = m.chunk_id
     WHERE m.document_id = ANY($1::bigint[])
     GROUP BY p.id ORDER BY p.rank`,
    [documentIds],
  )
  return rows.map(({ document_ids, ...p }) => ({ ...p, documentIds: document_ids.map(Number) }))
}
