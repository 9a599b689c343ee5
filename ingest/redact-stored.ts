/**
 * The second redaction pass: the parser decodes entities, drops markup and joins cells, so texts it
 * produces can hold a secret the raw pass never saw whole. Every text of a prepared document that is
 * stored, indexed, embedded or rendered goes through `redact` again before it leaves the pipeline.
 */
import type { Chunk } from '../schemas/document.ts'
import type { ParseResult } from './parse.ts'
import { type RedactOptions, redact } from './redact.ts'
import { countTokens } from './tokens.ts'

/** Redacts every string inside a frontmatter value (nested lists and maps included). */
function redactValue(value: unknown, clean: (text: string) => string): unknown {
  if (typeof value === 'string') return clean(value)
  if (Array.isArray(value)) return value.map((v) => redactValue(v, clean))
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), redactValue(v, clean)]))
  }
  return value
}

/**
 * Redacts, in place, title, tags, frontmatter, body and warnings of `parsed` and the text and
 * heading path of every chunk; returns the redactions found in the document's own fields (chunk
 * texts overlap and repeat the body, so their finds are enforced but not counted again).
 */
export function redactStored(
  parsed: ParseResult,
  chunks: Chunk[],
  options: RedactOptions,
): Record<string, number> {
  const counts: Record<string, number> = {}
  const counted = (text: string, names = true): string => {
    const result = redact(text, { ...options, names })
    for (const [kind, n] of Object.entries(result.counts)) counts[kind] = (counts[kind] ?? 0) + n
    return result.text
  }
  // Names were pseudonymised document-wide in the raw pass; these texts only repeat that text.
  const enforced = (text: string): string => redact(text, { ...options, names: false }).text
  parsed.title = counted(parsed.title)
  parsed.body = counted(parsed.body, false)
  // Author and customer name the FDE and the company, never an end user: secrets only.
  if (parsed.author !== null) parsed.author = counted(parsed.author, false)
  parsed.customer = counted(parsed.customer, false)
  parsed.tags = parsed.tags.map((tag) => counted(tag, false))
  parsed.frontmatter = redactValue(parsed.frontmatter, (text) => counted(text)) as Record<string, unknown>
  for (const w of parsed.warnings) w.message = enforced(w.message)
  for (const c of chunks) {
    const text = enforced(c.text)
    if (text !== c.text) {
      c.text = text
      c.tokenCount = Math.max(1, countTokens(text))
    }
    c.headingPath = c.headingPath.map(enforced)
  }
  return counts
}
