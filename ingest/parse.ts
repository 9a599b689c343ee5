import type { Root } from 'mdast'
import { toString as mdastText } from 'mdast-util-to-string'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'
import { ParseError } from '../lib/errors.ts'
import type { MetaOverrides, ParsedDocument, SourceFormat, Warning } from '../schemas/document.ts'
import { applyFieldMap, type FieldMap } from './field-map.ts'
import {
  type Frontmatter,
  type FrontmatterFields,
  frontmatterFields,
  readFrontmatter,
  warning,
} from './frontmatter.ts'
import { parseHtml } from './html.ts'
import { titleFromFileName } from './infer.ts'
import { resolveMeta } from './metadata.ts'
import { parseText } from './text.ts'

/** A file to parse: already read, decoded and redacted by the caller. */
export interface SourceFile {
  /** Path relative to the ingest root with `/` separators, e.g. `customers/acme/incidents/x.md`. */
  path: string
  content: string
  mtime: Date
  /** The user's names for metadata fields, applied to the frontmatter before it is read. */
  fieldMap?: FieldMap | undefined
  /** The format when the extension does not tell it (a converted PDF is markdown). */
  format?: SourceFormat
  /** Metadata that beats frontmatter and inference (the upload form's fields). */
  overrides?: MetaOverrides
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
  /** HTML `<meta>` pairs; empty for other formats. */
  meta: Record<string, string>
  warnings: Warning[]
}

const NO_FIELDS: FrontmatterFields = { tags: [], author: null, severity: null, warnings: [] }

function parseMarkdown(content: string, path: string, map?: FieldMap): Source {
  const tree = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).parse(content)
  const first = tree.children[0]
  if (first?.type !== 'yaml') {
    // remark-frontmatter only recognises a closed block; an opening fence followed by `key:` lines
    // is a forgotten closing fence rather than a horizontal rule.
    const unclosed = /^---[ \t]*\n[\w-]+[ \t]*:/.test(content)
    const message = 'frontmatter opened with "---" but never closed; treated as body text'
    const warnings = unclosed ? [warning('frontmatter-unclosed', path, message, 1)] : []
    return { tree, body: content, frontmatter: {}, fields: NO_FIELDS, title: null, meta: {}, warnings }
  }
  tree.children.shift()
  const read = readFrontmatter(first.value, path, (first.position?.start.line ?? 1) + 1)
  const fm = {
    ...read,
    data: applyFieldMap(read.data, map),
    ...(read.recovered ? { recovered: applyFieldMap(read.recovered, map) } : {}),
  }
  const body = content.slice(first.position?.end.offset ?? 0).replace(/^(?:[ \t]*\n)+/, '')
  return {
    tree,
    body,
    frontmatter: fm.data,
    // A refused block keeps `frontmatter: {}` (nothing half-parsed is stored) but its plain lines
    // still give the metadata.
    fields: fm.recovered ? recoveredFields(fm, fm.recovered, path) : frontmatterFields(fm, path),
    title: null,
    meta: {},
    warnings: fm.warnings,
  }
}

/** Fields from a refused block's plain lines; its unknown keys are not kept, so not reported. */
function recoveredFields(fm: Frontmatter, data: Record<string, unknown>, path: string): FrontmatterFields {
  const fields = frontmatterFields({ ...fm, data }, path)
  return { ...fields, warnings: fields.warnings.filter((w) => w.code !== 'unknown-field') }
}

function withOverrides(fields: FrontmatterFields, o: MetaOverrides): FrontmatterFields {
  const out = { ...fields }
  if (o.customer) out.customer = o.customer
  if (o.type) out.type = o.type
  if (o.severity) out.severity = o.severity
  if (o.date) {
    out.date = o.date
    out.dateKey = 'date'
  }
  return out
}

function parseSource(format: SourceFormat, content: string, path: string, map?: FieldMap): Source {
  if (format === 'markdown') return parseMarkdown(content, path, map)
  const { tree, title, body, meta } =
    format === 'html' ? parseHtml(content) : { ...parseText(content), body: content, meta: {} }
  return { tree, body, frontmatter: {}, fields: NO_FIELDS, title, meta, warnings: [] }
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
  const format = file.format ?? formatOf(path)
  const content = file.content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const src = parseSource(format, content, path, file.fieldMap)
  if (file.overrides) src.fields = withOverrides(src.fields, file.overrides)
  const warnings = [...src.warnings, ...src.fields.warnings]
  const headings: string[] = []
  visit(src.tree, 'heading', (node) => {
    const text = mdastText(node).replace(/\s+/g, ' ').trim()
    if (text !== '') headings.push(text)
  })

  const title = src.fields.title ?? src.title ?? headings[0] ?? titleFromFileName(path)
  const meta = resolveMeta({
    path,
    format,
    fields: src.fields,
    meta: src.meta,
    body: src.body,
    headings,
    title,
    mtime: file.mtime,
  })
  warnings.push(...meta.warnings)

  return {
    title,
    customer: meta.customer,
    type: meta.type,
    date: meta.date,
    tags: src.fields.tags,
    author: meta.author,
    severity: meta.severity,
    sourcePath: path,
    format,
    dateSource: meta.dateSource,
    frontmatter: src.frontmatter,
    body: src.body,
    warnings,
    tree: src.tree,
  }
}
