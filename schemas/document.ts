import { z } from 'zod'

/** The three kinds of document fieldkb knows. */
export const DocumentType = z.enum(['field-report', 'incident', 'integration-doc'])
/** A document kind. */
export type DocumentType = z.infer<typeof DocumentType>

/** Incident severity, normalised to `sev1` (worst) … `sev4`. */
export const Severity = z.enum(['sev1', 'sev2', 'sev3', 'sev4'])
/** An incident severity. */
export type Severity = z.infer<typeof Severity>

/** Source formats the parser accepts. */
export const SourceFormat = z.enum(['markdown', 'text', 'html'])
/** A source format. */
export type SourceFormat = z.infer<typeof SourceFormat>

/** How a document's date was found; `mtime` is a last resort (never sets the trend reference date). */
export const DateSource = z.enum([
  'frontmatter',
  'html-meta',
  'email-header',
  'filename',
  'path',
  'body',
  'relative',
  'mtime',
])
/** A date source. */
export type DateSource = z.infer<typeof DateSource>

/** A content problem found while parsing: reported, never fatal. */
export const Warning = z.object({
  /** Stable machine code, e.g. `frontmatter-malformed`, `date-from-mtime`, `unknown-field`. */
  code: z.string(),
  message: z.string(),
  /** 1-based line in the source file, when known. */
  line: z.number().int().positive().optional(),
})
/** A parse/ingest warning. */
export type Warning = z.infer<typeof Warning>

/** Metadata of a document, resolved from frontmatter, path and content. */
export const DocumentMeta = z.object({
  title: z.string().min(1),
  customer: z.string().min(1),
  type: DocumentType,
  /** ISO calendar date `YYYY-MM-DD`. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  tags: z.array(z.string()),
  author: z.string().nullable(),
  severity: Severity.nullable(),
})
/** Resolved document metadata. */
export type DocumentMeta = z.infer<typeof DocumentMeta>

/**
 * What `parse()` returns: metadata plus the body. The markdown syntax tree (mdast) rides along for
 * the chunker but is not part of the serialisable contract.
 */
export const ParsedDocument = DocumentMeta.extend({
  /** Path relative to the ingest root, with `/` separators. */
  sourcePath: z.string(),
  format: SourceFormat,
  /** Where the date came from. */
  dateSource: DateSource,
  /** Frontmatter as parsed (after redaction), `{}` when absent or malformed. */
  frontmatter: z.record(z.string(), z.unknown()),
  /** Body text without frontmatter (markdown for markdown, plain text otherwise). */
  body: z.string(),
  warnings: z.array(Warning),
})
/** A parsed document. */
export type ParsedDocument = z.infer<typeof ParsedDocument>

/** One retrievable piece of a document. */
export const Chunk = z.object({
  /** 0-based position within the document. */
  ordinal: z.number().int().nonnegative(),
  /** Headings above this chunk, outermost first, e.g. `["Incident", "Root cause"]`. */
  headingPath: z.array(z.string()),
  text: z.string().min(1),
  tokenCount: z.number().int().positive(),
})
/** A chunk. */
export type Chunk = z.infer<typeof Chunk>

/** Ingest status of a document row. */
export const DocumentStatus = z.enum(['ok', 'failed'])
/** A document status. */
export type DocumentStatus = z.infer<typeof DocumentStatus>
