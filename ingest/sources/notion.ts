/**
 * Notion export (markdown & CSV zip): `Page Name <32-hex id>.md` files, children in a folder of the
 * same name. One document per page; the folder chain becomes a title prefix (`Parent › Page`) and
 * the property lines under the title (`Created: …`, `Tags: …`) become metadata.
 */
import { ParseError } from '../../lib/errors.ts'
import { exportDay } from './exports/dates.ts'
import { type DocMeta, markdownDoc } from './exports/markdown.ts'
import { entryText, readZip } from './exports/zip.ts'
import type { ConvertedDocument, SourceConverter } from './types.ts'

/** A Notion file or folder name: `Name 0123…cdef` (32 hex), optionally with an extension. */
const NOTION_NAME = /^(.*?) ?([0-9a-f]{32})(\.md)?$/i

/** Whether a zip's entry names are a Notion export's. */
export function isNotionZip(names: readonly string[]): boolean {
  return names.some((n) => n.toLowerCase().endsWith('.md') && NOTION_NAME.test(n.split('/').pop() ?? ''))
}

/** A path segment without Notion's id. */
const label = (segment: string) => (NOTION_NAME.exec(segment)?.[1] ?? segment.replace(/\.md$/i, '')).trim()

/** Page property lines Notion writes under the title, by the fieldkb field they feed. */
const PROPERTY: Record<string, keyof DocMeta> = {
  created: 'date',
  date: 'date',
  'created time': 'date',
  tags: 'tags',
  labels: 'tags',
  customer: 'customer',
  company: 'customer',
  client: 'customer',
  account: 'customer',
  owner: 'author',
  author: 'author',
  'created by': 'author',
}

/** One page: its title, its property block read into metadata, its body kept as written. */
export function notionPage(markdown: string, path: string): ConvertedDocument {
  const segments = path.split('/')
  const lines = markdown
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
  const h1 = /^# (.+)$/.exec(lines[0] ?? '')?.[1]?.trim()
  const name = h1 ?? label(segments[segments.length - 1] ?? path)
  const meta: DocMeta = { type: 'field-report' }
  // Properties: `Key: value` lines between the title and the first blank line after them.
  let i = h1 ? 1 : 0
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++
  for (; i < lines.length; i++) {
    const m = /^([A-Za-z][\w ]{0,30}): (.+)$/.exec(lines[i] ?? '')
    if (!m) break
    const field = PROPERTY[(m[1] ?? '').toLowerCase()]
    const value = (m[2] ?? '').trim()
    if (field === 'date') meta.date ??= exportDay(value)
    else if (field === 'tags') meta.tags = value.split(/\s*,\s*/)
    else if (field === 'customer' || field === 'author') meta[field] ??= value
  }
  // The export's top folder (`Export-…`) is not part of the hierarchy; the page's own folders are.
  const parents = segments
    .slice(0, -1)
    .filter((s) => NOTION_NAME.test(s))
    .map(label)
  meta.title = [...parents, name].join(' › ')
  const body = h1 ? markdown : `# ${name}\n\n${markdown}`
  return { part: segments.map(label).join('/'), markdown: markdownDoc(meta, body), warnings: [] }
}

/** The Notion export converter (database CSVs are skipped: their rows are pages of their own). */
export const notionConverter: SourceConverter = {
  name: 'notion',
  extensions: ['.zip'],
  convert: async (input) => {
    const files = readZip(input.bytes ?? new Uint8Array(), input.relPath, (n) =>
      n.toLowerCase().endsWith('.md'),
    )
    const names = Object.keys(files).sort()
    if (!isNotionZip(names)) {
      throw new ParseError('not a Notion export: no "Page Name <id>.md" files', input.relPath, {
        hint: 'export the workspace or page as "Markdown & CSV"',
      })
    }
    return names.map((n) => notionPage(entryText(files[n] as Uint8Array), n))
  },
}
