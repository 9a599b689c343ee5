/**
 * Notion export (markdown & CSV zip): `Page Name <32-hex id>.md` files, children in a folder of the
 * same name. One document per page; the folder chain becomes a title prefix (`Parent › Page`) and
 * the property lines under the title (`Created: …`, `Tags: …`) become metadata.
 */
import { ParseError } from '../../lib/errors.ts'
import { exportAttachments } from './attachments.ts'
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

/** Whether an entry is a page (`Name <id>.md`) rather than a file attached to one. */
const isPage = (name: string) => NOTION_NAME.test(name.split('/').pop() ?? '') && /\.md$/i.test(name)

/** The page a file in a page's folder (`Page <id>/file.pdf`, at any depth) belongs to, by entry name. */
function owner(name: string, pages: ReadonlySet<string>): string | undefined {
  const segments = name.split('/').slice(0, -1)
  for (let n = segments.length; n > 0; n--) {
    const page = `${segments.slice(0, n).join('/')}.md`
    if (pages.has(page)) return page
  }
  return undefined
}

/**
 * The Notion export converter: pages, then the files in their folders (attachments of readable
 * types; database CSVs are skipped: their rows are pages of their own).
 */
export const notionConverter: SourceConverter = {
  name: 'notion',
  extensions: ['.zip'],
  convert: async (input) => {
    const files = readZip(input.bytes ?? new Uint8Array(), input.relPath, (n) => !/\.csv$/i.test(n))
    const all = Object.keys(files).sort()
    if (!isNotionZip(all)) {
      throw new ParseError('not a Notion export: no "Page Name <id>.md" files', input.relPath, {
        hint: 'export the workspace or page as "Markdown & CSV"',
      })
    }
    const pageNames = new Set(all.filter(isPage))
    const parentOf = new Map(all.filter((n) => !pageNames.has(n)).map((n) => [n, owner(n, pageNames)]))
    // A markdown file outside any page's folder is a page of its own, as before.
    const pages = all.filter((n) => pageNames.has(n) || (/\.md$/i.test(n) && parentOf.get(n) === undefined))
    const docs = pages.map((n) => notionPage(entryText(files[n] as Uint8Array), n))
    const partOf = (n: string) => n.split('/').map(label).join('/')
    const attachments = all
      .filter((n) => !pages.includes(n))
      .map((n) => {
        const parent = parentOf.get(n)
        return {
          name: n.split('/').pop() ?? n,
          // Folders without Notion's ids, like the pages' parts; the file keeps its own name.
          part: `attachment/${[...n.split('/').slice(0, -1).map(label), n.split('/').pop()].join('/').replace(/#/g, '_')}`,
          parent: parent === undefined ? undefined : partOf(parent),
          bytes: files[n] as Uint8Array,
        }
      })
    return [...docs, ...(await exportAttachments(docs, attachments, input))]
  },
}
