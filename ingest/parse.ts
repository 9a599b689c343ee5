import type { Root } from 'mdast'
import { toString as mdastText } from 'mdast-util-to-string'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { ParseError } from '../lib/errors.ts'
import type { ParsedDocument, SourceFormat, Warning } from '../schemas/document.ts'
import { type FrontmatterFields, frontmatterFields, readFrontmatter, warning } from './frontmatter.ts'
import { parseHtml } from './html.ts'
import {
  customerFromPath,
  dateFromFileName,
  mtimeDate,
  titleFromFileName,
  typeFromHeadings,
  typeFromPath,
} from './infer.ts'
import { parseText } from './text.ts'

/** A file to parse: already read, decoded and redacted by the caller. */
export interface SourceFile {
  /** Path relative to the ingest root with `/` separators, e.g. `customers/acme/incidents/x.md`. */
  path: string
  content: string
  mtime: Date
}

/** A parsed document plus its mdast tree (frontmatter removed) for the chunker. */
export interface ParseResult extends ParsedDocument {
  tree: Root
}

const FORMATS: Record<string, SourceFormat> = {
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
  html: 'html',
  htm: 'html',
}

/**
 * The source format implied by the file extension (case-insensitive).
 * @throws {ParseError} for any extension other than .md, .markdown, .txt, .html, .htm
 * @example formatOf('notes/visit.MD') // → 'markdown'
 */
export function formatOf(path: string): SourceFormat {
  const name = path.split('/').pop() ?? ''
  const ext = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : ''
  const format = FORMATS[ext]
  if (format) return format
  const supported = Object.keys(FORMATS)
    .map((e) => `.${e}`)
    .join(', ')
  throw new ParseError(`unsupported file type "${ext ? `.${ext}` : name}"; supported: ${supported}`, path)
}

/** What a format-specific parser hands to metadata resolution. */
interface Source {
  tree: Root
  body: string
  frontmatter: Record<string, unknown>
  fields: FrontmatterFields
  /** Title found in the content (first heading, `<title>`, first text line), if any. */
  title: string | null
  warnings: Warning[]
}

const NO_FIELDS: FrontmatterFields = { tags: [], author: null, severity: null, warnings: [] }

function parseMarkdown(content: string, path: string): Source {
  const tree = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).parse(content)
  const first = tree.children[0]
  if (first?.type !== 'yaml') {
    // remark-frontmatter only recognises a closed block; an opening fence followed by `key:` lines
    // is a forgotten closing fence rather than a horizontal rule.
    const unclosed = /^---[ \t]*\n[\w-]+[ \t]*:/.test(content)
    const message = 'frontmatter opened with "---" but never closed; treated as body text'
    const warnings = unclosed ? [warning('frontmatter-unclosed', path, message, 1)] : []
    return { tree, body: content, frontmatter: {}, fields: NO_FIELDS, title: null, warnings }
  }
  tree.children.shift()
  const fm = readFrontmatter(first.value, path, (first.position?.start.line ?? 1) + 1)
  const body = content.slice(first.position?.end.offset ?? 0).replace(/^(?:[ \t]*\n)+/, '')
  return {
    tree,
    body,
    frontmatter: fm.data,
    fields: frontmatterFields(fm, path),
    title: null,
    warnings: fm.warnings,
  }
}

function parseSource(format: SourceFormat, content: string, path: string): Source {
  if (format === 'markdown') return parseMarkdown(content, path)
  const { tree, title, body } =
    format === 'html' ? parseHtml(content) : { ...parseText(content), body: content }
  return { tree, body, frontmatter: {}, fields: NO_FIELDS, title, warnings: [] }
}

/**
 * Parse one source file into metadata, body and mdast tree. Content problems (bad or missing
 * frontmatter, unknown keys, unparseable values) become `warnings`; metadata falls back to
 * inference from the path, the headings and the mtime.
 * @throws {ParseError} only for an unsupported file extension
 * @example parse({ path: 'customers/acme/notes.md', content: '# Kickoff\n', mtime }).customer // → 'Acme'
 */
export function parse(file: SourceFile): ParseResult {
  const { path } = file
  const format = formatOf(path)
  const content = file.content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const src = parseSource(format, content, path)
  const warnings = [...src.warnings, ...src.fields.warnings]
  const headings: string[] = []
  visit(src.tree, 'heading', (node) => {
    const text = mdastText(node).replace(/\s+/g, ' ').trim()
    if (text !== '') headings.push(text)
  })

  let customer = src.fields.customer ?? customerFromPath(path)
  if (customer === null) {
    warnings.push(warning('customer-missing', path, 'no customer in frontmatter or folder; using "Unknown"'))
    customer = 'Unknown'
  }
  let type = src.fields.type ?? typeFromHeadings(headings) ?? typeFromPath(path)
  if (type === null) {
    warnings.push(
      warning(
        'type-inferred',
        path,
        'no type given nor inferable from headings or folders; using field-report',
      ),
    )
    type = 'field-report'
  }
  const hasBadDate = warnings.some((w) => w.code === 'date-invalid')
  // Field notes are often named `2026-10-01-outage.md`: that date beats the mtime, which a
  // copy or checkout resets.
  const nameDate = src.fields.date === undefined ? dateFromFileName(path) : null
  if (src.fields.date === undefined && !hasBadDate) {
    warnings.push(
      nameDate
        ? warning('date-from-filename', path, `no date given; using ${nameDate} from the file name`)
        : warning('date-from-mtime', path, 'no date given; using the file modification time (UTC day)'),
    )
  }

  return {
    title: src.fields.title ?? src.title ?? headings[0] ?? titleFromFileName(path),
    customer,
    type,
    date: src.fields.date ?? nameDate ?? mtimeDate(file.mtime),
    tags: src.fields.tags,
    author: src.fields.author,
    severity: src.fields.severity,
    sourcePath: path,
    format,
    frontmatter: src.frontmatter,
    body: src.body,
    warnings,
    tree: src.tree,
  }
}
