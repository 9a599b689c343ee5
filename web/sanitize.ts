import type { Element, ElementContent, Nodes, Properties, Root } from 'hast'
import { sanitizeUri } from 'micromark-util-sanitize-uri'

// Allowlist of what rendered markdown may contain: element → properties (hast names) kept.
// Anything else is unwrapped (children kept, tag dropped) or, for the DROP list, removed whole.
const ALLOWED: Record<string, readonly string[]> = {
  a: ['href', 'title', 'id', 'dataFootnoteRef', 'dataFootnoteBackref', 'ariaDescribedBy', 'ariaLabel'],
  blockquote: [],
  br: [],
  code: ['className'],
  del: [],
  em: [],
  h2: ['id'],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  hr: [],
  input: ['type', 'checked', 'disabled'],
  li: ['id', 'className'],
  ol: ['start', 'className'],
  p: [],
  pre: [],
  section: ['className', 'dataFootnotes'],
  span: ['className'],
  strong: [],
  sup: [],
  table: [],
  tbody: [],
  td: ['align'],
  th: ['align'],
  thead: [],
  tr: [],
  ul: ['className'],
}
const DROP = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'svg', 'math'])
const LINK_PROTOCOLS = /^(https?|mailto)$/i
const CLASS = /^(language-[\w+#-]{1,40}|contains-task-list|task-list-item|footnotes|sr-only|redacted)$/
// Footnote ids from mdast-util-to-hast carry this prefix, so they cannot clobber the page's own ids.
const ID_PREFIX = 'user-content-'

/**
 * Reduce a hast tree to the allowlist: only known elements and properties, links to http(s),
 * mailto or relative URLs (each `rel="nofollow noopener noreferrer"`), task-list checkboxes only,
 * images replaced by their alt text. Returns a new tree; the input is not changed.
 */
export function sanitizeHast(tree: Root): Root {
  return { type: 'root', children: tree.children.flatMap(clean) as Root['children'] }
}

function clean(node: Nodes): ElementContent[] {
  if (node.type === 'text') return [{ type: 'text', value: node.value }]
  if (node.type !== 'element') return []
  if (DROP.has(node.tagName)) return []
  const children = node.children.flatMap(clean)
  if (node.tagName === 'img') {
    const alt = typeof node.properties.alt === 'string' ? node.properties.alt : ''
    return alt ? [{ type: 'text', value: `[image: ${alt}]` }] : []
  }
  // A document's own h1 would compete with the page title: it becomes an h2.
  const tagName = node.tagName === 'h1' ? 'h2' : node.tagName
  const allowed = ALLOWED[tagName]
  if (!allowed) return children
  const properties = cleanProperties(tagName, node.properties, allowed)
  if (properties === null) return children
  return [{ type: 'element', tagName, properties, children } satisfies Element]
}

function cleanProperties(tag: string, props: Properties, allowed: readonly string[]): Properties | null {
  const out: Properties = {}
  for (const key of allowed) {
    const value = props[key]
    if (value === undefined || value === null) continue
    if (key === 'className') {
      const classes = (Array.isArray(value) ? value : String(value).split(/\s+/)).map(String)
      const kept = classes.filter((c) => CLASS.test(c))
      if (kept.length > 0) out.className = kept
    } else if (key === 'id') {
      if (typeof value === 'string' && value.startsWith(ID_PREFIX)) out.id = value
    } else if (key === 'href') {
      if (typeof value === 'string' && isSafeHref(value)) out.href = value
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[key] = value
    }
  }
  if (tag === 'a') out.rel = ['nofollow', 'noopener', 'noreferrer']
  if (tag === 'input') {
    if (out.type !== 'checkbox') return null
    out.disabled = true
  }
  return out
}

/**
 * Whether a link target is harmless: relative, or with an allowed protocol. Uses micromark's
 * check, which refuses any scheme not on the list (`javascript:`, `data:`, `vbscript:`, and
 * obfuscations such as ` javascript:` or `java\tscript:`).
 */
export function isSafeHref(href: string): boolean {
  if (/[\p{Cc}]/u.test(href)) return false
  return sanitizeUri(href, LINK_PROTOCOLS) !== ''
}
