import type { Queryable } from '../storage/db.ts'

/** A query term with its corpus statistics. */
export interface QueryTerm {
  /** Lexeme as stored in tsvectors (english stemmer output). */
  term: string
  df: number
  idf: number
}

/** Query terms with idf, plus the collection size and average chunk length. */
export interface TermStats {
  terms: QueryTerm[]
  nChunks: number
  avgdl: number
}

/**
 * Analyse the query text with the same english configuration as the index and look up document
 * frequencies. idf = ln(1 + (N − df + 0.5)/(df + 0.5)) (Lucene's, never negative). Terms absent from
 * the corpus are dropped: they cannot match.
 */
export async function termStats(db: Queryable, rankText: string): Promise<TermStats> {
  const rows = await db.query<{ term: string | null; df: number | null; n: number; total: number }>(
    `SELECT t.term, t.df, cs.n_chunks AS n, cs.total_len AS total
     FROM corpus_stats cs
     LEFT JOIN (
       SELECT s.term, s.df FROM term_stats s
       WHERE s.df > 0 AND s.term = ANY(tsvector_to_array(to_tsvector('english', $1::text)))
     ) t ON true`,
    [rankText],
  )
  const n = rows[0]?.n ?? 0
  const avgdl = n > 0 ? Math.max(1, (rows[0]?.total ?? 0) / n) : 1
  const terms = rows
    .filter((r): r is typeof r & { term: string; df: number } => r.term !== null && r.df !== null)
    .map((r) => ({ term: r.term, df: r.df, idf: Math.log(1 + (n - r.df + 0.5) / (r.df + 0.5)) }))
    .sort((a, b) => b.idf - a.idf || a.term.localeCompare(b.term))
  return { terms, nChunks: n, avgdl }
}

/** Quote a lexeme for tsquery input syntax (`'it''s'`), so any stored lexeme round-trips. */
export function tsqueryLiteral(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/** An OR tsquery over lexemes, e.g. `'pool' | 'exhaust'`. */
export function orQuery(terms: QueryTerm[]): string {
  return terms.map((t) => tsqueryLiteral(t.term)).join(' | ')
}

/**
 * How many of the rarest terms to use for candidate generation first: enough that their
 * document frequencies could fill `pool` several times over. The caller verifies exactness.
 */
export function essentialCount(terms: QueryTerm[], pool: number): number {
  let sum = 0
  for (let i = 0; i < terms.length; i++) {
    sum += terms[i]!.df
    if (sum >= pool * 4) return i + 1
  }
  return terms.length
}
