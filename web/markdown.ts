import type { ElementContent, Root as HastRoot, RootContent } from 'hast'
import { toHtml } from 'hast-util-to-html'
import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast'
import { toHast } from 'mdast-util-to-hast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { sanitizeHast } from './sanitize.ts'

const parser = unified().use(remarkParse).use(remarkGfm)
const REDACTED = /(\[REDACTED:[a-z0-9_-]{1,40}\])/i

/**
 * Render a (redacted) markdown text to HTML that is safe to insert into a page: markdown → mdast →
 * hast, HTML written in the source shown as literal text (never interpreted), the tree reduced to
 * an allowlist ({@link sanitizeHast}) and serialised with every text and attribute escaped.
 * Redaction markers are wrapped in `<span class="redacted">`.
 * @example markdownToSafeHtml('**hi** <script>x</script>') // → '<p><strong>hi</strong> &#x3C;script>x&#x3C;/script></p>'
 */
export function markdownToSafeHtml(markdown: string): string {
  const mdast = parser.parse(markdown) as MdastRoot
  literalHtml(mdast)
  // No allowDangerousHtml: raw nodes could not survive even if literalHtml missed one.
  const hast = toHast(mdast) as HastRoot
  return toHtml(markRedactions(sanitizeHast(hast)))
}

/** Turn raw HTML nodes into text nodes, so `<img onerror=…>` in a note shows as written. */
function literalHtml(node: MdastNodes): void {
  if (!('children' in node)) return
  const children = node.children as MdastNodes[]
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!
    if (child.type === 'html') {
      const text = { type: 'text' as const, value: child.value }
      // Block-level HTML sits directly in the root, a list item or a quote: give it a paragraph.
      children[i] = isFlow(node) ? paragraph(text) : text
    } else {
      literalHtml(child)
    }
  }
}

function isFlow(node: MdastNodes): boolean {
  return ['root', 'blockquote', 'listItem', 'footnoteDefinition'].includes(node.type)
}

function paragraph(text: { type: 'text'; value: string }): MdastNodes {
  return { type: 'paragraph', children: [text] }
}

function markRedactions(tree: HastRoot): HastRoot {
  const visit = (nodes: RootContent[] | ElementContent[]): ElementContent[] =>
    (nodes as ElementContent[]).flatMap((n): ElementContent[] => {
      if (n.type === 'element') {
        // Inside code the marker is part of a literal sample; leave it as plain text there.
        return n.tagName === 'code' ? [n] : [{ ...n, children: visit(n.children) }]
      }
      if (n.type !== 'text' || !REDACTED.test(n.value)) return [n]
      return n.value.split(REDACTED).flatMap((part, i): ElementContent[] => {
        if (part === '') return []
        if (i % 2 === 0) return [{ type: 'text', value: part }]
        const children: ElementContent[] = [{ type: 'text', value: part }]
        return [{ type: 'element', tagName: 'span', properties: { className: ['redacted'] }, children }]
      })
    })
  return { type: 'root', children: visit(tree.children) as HastRoot['children'] }
}

/**
 * Render plain text (a .txt note) as safe HTML: blank lines separate paragraphs, line breaks are
 * kept, nothing is read as markup; redaction markers are marked as in {@link markdownToSafeHtml}.
 * @example textToSafeHtml('a *b*\nc') // → '<p>a *b*<br>\nc</p>'
 */
export function textToSafeHtml(text: string): string {
  const paragraphs = text.split(/\n[ \t]*\n/).filter((p) => p.trim() !== '')
  const mdast: MdastRoot = {
    type: 'root',
    children: paragraphs.map((p) => ({
      type: 'paragraph',
      children: p
        .trim()
        .split('\n')
        .flatMap((line, i) => [
          ...(i > 0 ? [{ type: 'break' as const }] : []),
          { type: 'text' as const, value: line },
        ]),
    })),
  }
  return toHtml(markRedactions(sanitizeHast(toHast(mdast) as HastRoot)))
}
