/** Shared output helpers for the export converters: markdown documents with YAML frontmatter. */
import rehypeParse from 'rehype-parse'
import rehypeRemark from 'rehype-remark'
import remarkGfm from 'remark-gfm'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import YAML from 'yaml'

/** Frontmatter a converter knows; absent and empty values are left out. */
export interface DocMeta {
  title?: string | undefined
  customer?: string | undefined
  date?: string | undefined
  type?: 'field-report' | 'incident' | 'integration-doc' | undefined
  severity?: string | null | undefined
  tags?: string[] | undefined
  author?: string | null | undefined
}

/** A markdown document: YAML frontmatter (written by `yaml`) then the body. */
export function markdownDoc(meta: DocMeta, body: string): string {
  const data: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(meta)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v) && v.length === 0) continue
    data[k] = v
  }
  // Quoted strings: a value that redaction later turns into `[REDACTED:…]` stays a string.
  const text = YAML.stringify(data, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })
  const yaml = Object.keys(data).length === 0 ? '' : `---\n${text}---\n\n`
  return `${yaml}${body.trim()}\n`
}

/** HTML (a fragment or a page) as GitHub-flavoured markdown; headings, lists, tables and code kept. */
export function htmlToMarkdown(html: string): string {
  const file = unified()
    .use(rehypeParse, { fragment: true })
    .use(rehypeRemark)
    .use(remarkGfm)
    .use(remarkStringify, { bullet: '-', fences: true })
    .processSync(html)
  return String(file).trim()
}

/** The first non-empty line of a text, shortened to `max` characters at a word boundary. */
export function firstLine(text: string, max = 80): string {
  const line = (text.split('\n').find((l) => l.trim() !== '') ?? '').trim().replace(/\s+/g, ' ')
  if (line.length <= max) return line
  const cut = line.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`
}

/** Title-case a slug: `acme-corp` → `Acme Corp`. */
export function titleCase(slug: string): string {
  return slug
    .split(/[\s_-]+/)
    .filter((w) => w !== '')
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ')
}
