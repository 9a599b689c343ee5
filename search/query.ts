/** A user query split into what ranks and what constrains. */
export interface ParsedQuery {
  /** Text whose terms rank results (phrases included, exclusions removed). */
  rankText: string
  /**
   * websearch_to_tsquery input that every hit must satisfy: the quoted phrases and `-exclusions`.
   * Null when the query has neither (plain queries rank by any term, BM25-style).
   */
  constraint: string | null
}

const PHRASE = /(-?)"([^"]*)"/g
// An exclusion needs a letter or digit: a stray "--" or "-:" must not turn into a constraint that
// analyses to nothing and so matches no chunk at all.
const EXCLUDED_WORD = /(^|\s)-([^\s"]*[\p{L}\p{N}][^\s"]*)/gu
const WORDLIKE = /[\p{L}\p{N}]/u

/**
 * Split a web-search style query: `"connection pool" timeout -redis` ranks by all positive words,
 * requires the phrase and excludes "redis". Unbalanced quotes are treated as plain text.
 * @example parseQuery('"rate limit" -openai') // { rankText: 'rate limit', constraint: '"rate limit" -openai' }
 */
export function parseQuery(q: string): ParsedQuery {
  const constraints: string[] = []
  let rest = q.replace(PHRASE, (_, neg: string, phrase: string) => {
    const clean = phrase.trim()
    if (!WORDLIKE.test(clean)) return ' '
    constraints.push(`${neg}"${clean}"`)
    return neg ? ' ' : ` ${clean} `
  })
  rest = rest.replace(EXCLUDED_WORD, (_, lead: string, word: string) => {
    constraints.push(`-${word}`)
    return lead
  })
  const rankText = rest.replace(/"/g, ' ').replace(/\s+/g, ' ').trim()
  return { rankText, constraint: constraints.length > 0 ? constraints.join(' ') : null }
}
