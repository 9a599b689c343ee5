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

/**
 * What a section (or a chunk of it) is about, classified once at ingest by `ingest/sections.ts`
 * from its heading and its text. Insights, the digest and the document page read it.
 */
export const SectionKind = z.enum([
  'problem',
  'impact',
  'root-cause',
  'fix',
  'workaround',
  'edge-case',
  'lesson',
  'timeline',
  'status',
  'background',
  'other',
])
/** A section kind. */
export type SectionKind = z.infer<typeof SectionKind>

/** Kinds that carry a problem (lessons included); insights mine all of them but lessons. */
export const PROBLEM_KINDS: ReadonlySet<SectionKind> = new Set<SectionKind>([
  'problem',
  'impact',
  'root-cause',
  'fix',
  'workaround',
  'edge-case',
  'lesson',
])

/** True for kinds that carry a problem (problem, impact, root cause, fix, workaround, edge case, lesson). */
export function isProblemBearing(kind: SectionKind): boolean {
  return PROBLEM_KINDS.has(kind)
}

/** One heading of a document's section tree, in document order (a pre-order walk of the tree). */
export const DocumentSection = z.object({
  heading: z.string(),
  /** Heading depth as written: 1 for `#`, 2 for `##`, … */
  level: z.number().int().min(1).max(6),
  /** Index of the enclosing section in the same list, or null for a top-level section. */
  parent: z.number().int().nonnegative().nullable(),
  kind: SectionKind,
  /** Character span of the section (heading line to the next heading of the same or a higher level) in the stored body; null when the heading could not be located. */
  start: z.number().int().nonnegative().nullable(),
  end: z.number().int().nonnegative().nullable(),
  /** Ordinals of the first and last chunk holding this section's own text, null when it has none. */
  chunks: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]).nullable(),
})
/** A section of the stored section tree. */
export type DocumentSection = z.infer<typeof DocumentSection>

/** One retrievable piece of a document. */
export const Chunk = z.object({
  /** 0-based position within the document. */
  ordinal: z.number().int().nonnegative(),
  /** Headings above this chunk, outermost first, e.g. `["Incident", "Root cause"]`. */
  headingPath: z.array(z.string()),
  text: z.string().min(1),
  tokenCount: z.number().int().positive(),
  /** The strongest problem-bearing kind among its paragraphs, else the kind of its section. */
  sectionKind: SectionKind,
})
/** A chunk. */
export type Chunk = z.infer<typeof Chunk>

/** Ingest status of a document row. */
export const DocumentStatus = z.enum(['ok', 'failed'])
/** A document status. */
export type DocumentStatus = z.infer<typeof DocumentStatus>

/**
 * Metadata given alongside a source (the upload form's fields); each beats the frontmatter and
 * inference. Type and severity use the stored vocabularies.
 */
export const MetaOverrides = z
  .object({
    customer: z.string().trim().min(1).max(200),
    type: DocumentType,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
    severity: Severity,
  })
  .partial()
/** Metadata overrides for one source. */
export type MetaOverrides = z.infer<typeof MetaOverrides>
