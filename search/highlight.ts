import { escapeHtml } from '../lib/html.ts'
// Private-use markers survive ts_headline untouched and cannot be typed into a normal document,
// so the text can be HTML-escaped first and the markers turned into <mark> afterwards.
/** Start-of-match marker passed to ts_headline. */
export const MARK_START = '\uE000'
/** End-of-match marker passed to ts_headline. */
export const MARK_END = '\uE001'

/**
 * Stand-ins for `<` and `>` while PostgreSQL builds the headline: its parser treats `<tag>` as
 * markup and drops it, which would hide what a note says about `<script>`.
 */
export const ANGLE_STANDINS = '\uE002\uE003'

/**
 * Turn ts_headline output (with private-use markers) into safe HTML: everything escaped, matches
 * wrapped in `<mark>`. Stray markers from the source text are dropped.
 */
export function markedToHtml(marked: string): string {
  let open = false
  let out = ''
  const text = marked.replace(/\uE002/g, '<').replace(/\uE003/g, '>')
  for (const part of text.split(/([\uE000\uE001])/)) {
    if (part === MARK_START) {
      if (!open) out += '<mark>'
      open = true
    } else if (part === MARK_END) {
      if (open) out += '</mark>'
      open = false
    } else {
      out += escapeHtml(part)
    }
  }
  return open ? `${out}</mark>` : out
}
