import type { Queryable } from '../../storage/db.ts'

/** Where a secret was found in a store; every list empty and both flags false means no leak. */
export interface SecretTrace {
  /** The literal is in some chunks.text. */
  inChunkText: boolean
  /** The literal is in some documents.body. */
  inBody: boolean
  /** The secret's lexemes (after `ignore`) that the check looked for: empty means it proves nothing. */
  lexemes: string[]
  /** Lexemes of some chunks.tsv that are one of `lexemes` or contain the whole (lower-cased) secret. */
  inTsv: string[]
  /** Such terms with a row in postings (migration 011). */
  inPostings: string[]
  /** Such terms with df > 0 in term_stats (migration 002). */
  inTermStats: string[]
}

/**
 * Lexemes of `text` as the store indexes it: the english configuration storage/documents.ts uses
 * to build chunks.tsv (so stop words drop out and words are stemmed, exactly as in the index).
 */
export async function indexLexemes(db: Queryable, text: string): Promise<string[]> {
  const rows = await db.query<{ lexemes: string[] }>(
    `SELECT tsvector_to_array(to_tsvector('english', $1::text)) AS lexemes`,
    [text],
  )
  return rows[0]!.lexemes
}

/**
 * Look for `secret` in a store: its literal in chunk text and document bodies, and its lexemes in
 * the chunks' tsvectors, postings and term_stats (as its own lexemes, or whole inside a larger
 * token). Lexemes in `ignore` (those the text around the
 * secret legitimately holds, e.g. "prod") are not looked for.
 */
export async function traceSecret(
  db: Queryable,
  secret: string,
  ignore: ReadonlySet<string> = new Set(),
): Promise<SecretTrace> {
  const [literal] = await db.query<{ in_text: boolean; in_body: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM chunks WHERE position($1 IN text) > 0) AS in_text,
            EXISTS (SELECT 1 FROM documents WHERE position($1 IN coalesce(body, '')) > 0) AS in_body`,
    [secret],
  )
  const lexemes = (await indexLexemes(db, secret)).filter((l) => !ignore.has(l))
  // A term matches when it is one of those lexemes or holds the whole secret: the parser reads a
  // secret inside a URL or e-mail address as part of one larger token ("…:tr0ub4dor-and-3@db…").
  const match = (col: string) => `(${col} = ANY($1::text[]) OR position($2 IN ${col}) > 0)`
  const found = async (sql: string) =>
    (await db.query<{ term: string }>(sql, [lexemes, secret.toLowerCase()])).map((r) => r.term).sort()
  return {
    inChunkText: literal!.in_text,
    inBody: literal!.in_body,
    lexemes,
    inTsv: await found(
      `SELECT DISTINCT l AS term FROM chunks c, unnest(tsvector_to_array(c.tsv)) AS l WHERE ${match('l')}`,
    ),
    inPostings: await found(`SELECT DISTINCT term FROM postings WHERE ${match('term')}`),
    inTermStats: await found(`SELECT term FROM term_stats WHERE df > 0 AND ${match('term')}`),
  }
}

/**
 * The lexemes of `text` once every secret is cut out of it: what the store may index from a source
 * without any secret having leaked. Pass it as the `ignore` set of {@link traceSecret}.
 */
export async function lexemesWithout(
  db: Queryable,
  text: string,
  secrets: Iterable<string>,
): Promise<Set<string>> {
  let rest = text
  for (const s of secrets) rest = rest.split(s).join(' ')
  return new Set(await indexLexemes(db, rest))
}
