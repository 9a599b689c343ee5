/** What can still be read from a frontmatter block that is not valid YAML. */

const unquote = (s: string) =>
  s
    .trim()
    .replace(/^["']|["']$/g, '')
    .trim()

/**
 * The plain top-level `key: value` lines (and `- item` lists under a bare `key:`) of a block that is
 * not valid YAML: one bad line (an unquoted colon, a tab, an unclosed quote) should not cost the
 * document its author and date. Values stay strings.
 */
export function recoverLines(yaml: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  let listKey: string | null = null
  for (const line of yaml.split('\n')) {
    const item = /^[ \t]+-[ \t]+(.+)$/.exec(line)
    if (item && listKey !== null) {
      out[listKey] = [...((out[listKey] as string[] | undefined) ?? []), unquote(item[1]!)]
      continue
    }
    const m = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$/.exec(line)
    listKey = m && m[2]!.trim() === '' ? m[1]! : null
    if (!m || listKey !== null || m[1]! in out) continue
    const value = m[2]!.trim()
    const list = /^\[(.*)\]$/.exec(value)?.[1]
    out[m[1]!] = list === undefined ? unquote(value) : list.split(',').map(unquote).filter(Boolean)
  }
  return out
}
