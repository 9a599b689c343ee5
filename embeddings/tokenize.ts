/**
 * Tokeniser matched to the GloVe 6B vocabulary (lowercase; keeps hyphenated compounds such as
 * "e-mail"; no words with apostrophes or dots): words the table does not know are skipped.
 */

// Letters/digits, optionally joined by inner hyphens or apostrophes ("well-known", "don't").
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu
// Boundaries inside identifiers: "maxConnections" → max|Connections, "HTTPServer" → HTTP|Server.
const CAMEL = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u
const CLITIC = /^(.+?)(?:'s|'re|'ll|'ve|'d|'m|')$/
const NEGATED: Readonly<Record<string, string>> = { "can't": 'can', "won't": 'will', "shan't": 'shall' }

/** Vocabulary rows of the known words of `text`, in order, with repeats. */
export function tokenRows(text: string, ids: ReadonlyMap<string, number>): number[] {
  const rows: number[] = []
  for (const match of text.matchAll(WORD)) resolve(match[0], ids, rows)
  return rows
}

/** Look `raw` up; if unknown, try its contraction stem, its hyphen or camelCase parts, its singular. */
function resolve(raw: string, ids: ReadonlyMap<string, number>, rows: number[]): void {
  const word = raw.toLowerCase()
  const row = ids.get(word)
  if (row !== undefined) {
    rows.push(row)
    return
  }
  if (/['’]/.test(word)) {
    for (const part of uncontract(word.replace(/’/g, "'"))) resolve(part, ids, rows)
  } else if (word.includes('-')) {
    for (const part of raw.split('-')) resolve(part, ids, rows)
  } else if (CAMEL.test(raw)) {
    for (const part of raw.split(CAMEL)) resolve(part, ids, rows)
  } else {
    const stem = singular(word, ids)
    if (stem !== undefined) rows.push(stem)
  }
}

/** GloVe's tokenizer split clitics off ("do" + "n't"), and the vocabulary then dropped them. */
function uncontract(word: string): string[] {
  if (word.endsWith("n't")) return [NEGATED[word] ?? word.slice(0, -3), 'not']
  const clitic = CLITIC.exec(word)
  if (clitic) return [clitic[1]!]
  return word.split("'").filter((part) => part.length > 0)
}

/** Row of a plural's singular ("retries" → "retry"), for plurals missing from the vocabulary. */
function singular(word: string, ids: ReadonlyMap<string, number>): number | undefined {
  if (word.length < 4 || !word.endsWith('s') || word.endsWith('ss')) return undefined
  if (word.endsWith('ies')) {
    const row = ids.get(`${word.slice(0, -3)}y`)
    if (row !== undefined) return row
  }
  if (word.endsWith('es')) {
    const row = ids.get(word.slice(0, -2))
    if (row !== undefined) return row
  }
  return ids.get(word.slice(0, -1))
}
