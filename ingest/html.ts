import type { Element, Nodes as HastNodes, Root as HastRoot } from 'hast'
import { toText } from 'hast-util-to-text'
import type { Root } from 'mdast'
import rehypeParse from 'rehype-parse'
import rehypeRemark from 'rehype-remark'
import { unified } from 'unified'

/** An HTML page reduced to fieldkb's needs. */
export interface HtmlDocument {
  /** Markdown syntax tree converted from the page body (headings, lists, tables, code survive). */
  tree: Root
  /** Plain text of the page body, block elements on their own lines. */
  body: string
  /** `<title>`, else the first `<h1>`, else `null`. */
  title: string | null
  /** `<meta name|property=… content=…>` pairs, names lower-cased (first occurrence wins). */
  meta: Record<string, string>
}

/** Elements that are chrome or executable, never content. */
const DROPPED = new Set([
  'head',
  'script',
  'style',
  'nav',
  'header',
  'footer',
  'noscript',
  'template',
  'iframe',
])

/** Find the first element named `tagName`, depth first. */
function find(node: HastNodes, tagName: string): Element | null {
  if (node.type === 'element' && node.tagName === tagName) return node
  if (!('children' in node)) return null
  for (const child of node.children) {
    const hit = find(child, tagName)
    if (hit) return hit
  }
  return null
}

/** Every `<meta>` with a name (or property / http-equiv) and content, before the head is dropped. */
function metaOf(node: HastNodes, out: Record<string, string> = {}): Record<string, string> {
  if (node.type === 'element' && node.tagName === 'meta') {
    const p = node.properties
    const name = String(p.name ?? p.property ?? p.httpEquiv ?? p.itemProp ?? '').toLowerCase()
    if (name !== '' && p.content !== undefined && !(name in out)) out[name] = String(p.content)
  }
  if ('children' in node) for (const child of node.children) metaOf(child, out)
  return out
}

/** Remove dropped elements (and comments) in place. */
function prune(node: HastRoot | Element): void {
  node.children = node.children.filter(
    (c) => c.type !== 'comment' && !(c.type === 'element' && DROPPED.has(c.tagName)),
  )
  for (const child of node.children) if (child.type === 'element') prune(child)
}

/** Collapse whitespace inside lines and runs of blank lines. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * Parse an HTML page (e.g. a wiki export) into an mdast tree plus plain text, dropping
 * script/style/nav/header/footer/noscript/template content.
 * @example parseHtml('<title>Runbook</title><h2>Setup</h2><p>Run it.</p>').title // → 'Runbook'
 */
export function parseHtml(html: string): HtmlDocument {
  const hast = unified().use(rehypeParse).parse(html)
  const titleElement = find(hast, 'title') ?? find(hast, 'h1')
  const title = titleElement ? toText(titleElement).replace(/\s+/g, ' ').trim() : ''
  const meta = metaOf(hast)
  prune(hast)
  const tree = unified().use(rehypeRemark).runSync(hast) as Root
  return { tree, body: tidy(toText(hast)), title: title === '' ? null : title, meta }
}
