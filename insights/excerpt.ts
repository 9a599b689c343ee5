/** Short, readable excerpts of chunk text for listings. */

/**
 * `text` without code blocks, table rules and markdown markers, trimmed to about `max`
 * characters: cut after the last sentence that ends past a third of `max`, else at a word with
 * an ellipsis.
 * @example excerpt('Pods ran out of connections. The pool was 20 per pod. More follows…', 40)
 * // 'Pods ran out of connections.'
 */
export function excerpt(text: string, max = 300): string {
  const prose = text
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, ' ')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/[*_`>]+/g, '')
    .replace(/\s*\|\s*/g, ' | ')
    .replace(/\s+/g, ' ')
    .trim()
  if (prose.length <= max) return prose
  const head = prose.slice(0, max + 1)
  let cut = -1
  for (const m of head.matchAll(/[.!?](?=\s)/g)) if (m.index <= max) cut = m.index
  if (cut >= max / 3) return head.slice(0, cut + 1)
  const space = head.lastIndexOf(' ', max - 1)
  return `${head.slice(0, space > 0 ? space : max - 1).trimEnd()}…`
}
