/**
 * Confluence space export (HTML zip): `index.html` plus one HTML file per page, each with its
 * breadcrumbs (`#breadcrumbs`), title (`#title-text`), metadata line and `#main-content`. One
 * document per page; the hierarchy becomes a title prefix (`Runbooks › Failover`). Attachments
 * (`attachments/<pageId>/<file>`) of readable types become documents linked to their page.
 */
import type { Element, Nodes, Root } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { toText } from 'hast-util-to-text'
import rehypeParse from 'rehype-parse'
import { unified } from 'unified'
import { ParseError } from '../../lib/errors.ts'
import { exportAttachments } from './attachments.ts'
import { exportDay } from './exports/dates.ts'
import { htmlToMarkdown, markdownDoc } from './exports/markdown.ts'
import { entryText, readZip } from './exports/zip.ts'
import type { ConvertedDocument, SourceConverter } from './types.ts'

function byId(node: Nodes, id: string): Element | null {
  if (node.type === 'element' && node.properties.id === id) return node
  if (!('children' in node)) return null
  for (const c of node.children) {
    const hit = byId(c, id)
    if (hit) return hit
  }
  return null
}

function byClass(node: Nodes, name: string): Element | null {
  if (node.type === 'element') {
    const cls = node.properties.className
    if (Array.isArray(cls) && cls.includes(name)) return node
  }
  if (!('children' in node)) return null
  for (const c of node.children) {
    const hit = byClass(c, name)
    if (hit) return hit
  }
  return null
}

const text = (n: Nodes | null) => (n ? toText(n).replace(/\s+/g, ' ').trim() : '')

/** The breadcrumb labels of a page (space home first). */
function breadcrumbs(tree: Root): string[] {
  const list = byId(tree, 'breadcrumbs')
  if (!list) return []
  return list.children
    .filter((c): c is Element => c.type === 'element' && c.tagName === 'li')
    .map((li) => text(li))
    .filter((t) => t !== '')
}

/** Whether a zip's entry names are a Confluence HTML export's. */
export function isConfluenceZip(names: readonly string[]): boolean {
  const html = names.filter((n) => n.toLowerCase().endsWith('.html'))
  return html.some((n) => n === 'index.html' || n.endsWith('/index.html')) && html.length > 1
}

/** One exported page as a document, or null for the space index. */
export function confluencePage(html: string, part: string): ConvertedDocument | null {
  const tree = unified().use(rehypeParse).parse(html)
  const crumbs = breadcrumbs(tree)
  // The space name precedes the page title in the heading: `Space : Page`.
  const heading = text(byId(tree, 'title-text')).replace(/^.*? : /, '')
  const main = byId(tree, 'main-content')
  if (!main || heading === '') return null
  const meta = text(byClass(tree, 'page-metadata'))
  const author = /Created by (.+?)(?:, last modified|\s+on\s|$)/i.exec(meta)?.[1]?.trim()
  const date = /(?:last (?:modified|updated)|created)(?: by .+?)? on ([A-Z][a-z]{2,8} \d{1,2}, \d{4})/i.exec(
    meta,
  )?.[1]
  const path = crumbs.slice(1)
  const title = [...path, heading].join(' › ')
  const trail = crumbs.length > 0 ? `Breadcrumbs: ${[...crumbs, heading].join(' › ')}\n\n` : ''
  const body = `# ${heading}\n\n${trail}${htmlToMarkdown(toHtml(main))}`
  return {
    part,
    markdown: markdownDoc({ title, date: exportDay(date), type: 'integration-doc', author }, body),
    warnings: [],
  }
}

/** An attachment entry: `<space dir/>attachments/<pageId>/<file>`. */
const ATTACHMENT = /^((?:.*\/)?)attachments\/(\d+)\/(?:.*\/)?([^/]+)$/
/** A page file and its id: `<space dir/>Title_<pageId>.html` or `<pageId>.html`. */
const PAGE_ID = /^((?:.*\/)?)(?:[^/]*_)?(\d+)\.html$/i

/** The Confluence space-export converter: pages, then their attachments of readable types. */
export const confluenceConverter: SourceConverter = {
  name: 'confluence',
  extensions: ['.zip'],
  convert: async (input) => {
    const files = readZip(
      input.bytes ?? new Uint8Array(),
      input.relPath,
      (n) => n.toLowerCase().endsWith('.html') || ATTACHMENT.test(n),
    )
    const names = Object.keys(files)
      .filter((n) => !ATTACHMENT.test(n))
      .sort()
    if (!isConfluenceZip(names)) {
      throw new ParseError('not a Confluence space export: no index.html with page files', input.relPath, {
        hint: 'export the space as HTML (Space settings → Export space → HTML)',
      })
    }
    const docs: ConvertedDocument[] = []
    const byId = new Map<string, string>()
    for (const name of names) {
      if (name === 'index.html' || name.endsWith('/index.html')) continue
      const doc = confluencePage(entryText(files[name] as Uint8Array), name.replace(/\.html$/i, ''))
      if (!doc) continue
      docs.push(doc)
      const id = PAGE_ID.exec(name)
      if (id) byId.set(`${id[1]}|${id[2]}`, doc.part)
    }
    const attachments = Object.keys(files)
      .filter((n) => ATTACHMENT.test(n))
      .sort()
      .map((n) => {
        const [, dir, id, file] = ATTACHMENT.exec(n) as RegExpExecArray
        return {
          name: file ?? n,
          part: `attachment/${n.replace(/#/g, '_')}`,
          parent: byId.get(`${dir}|${id}`),
          bytes: files[n] as Uint8Array,
        }
      })
    return [...docs, ...(await exportAttachments(docs, attachments, input))]
  },
}
