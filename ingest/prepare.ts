import type { Chunk, DocumentSection, MetaOverrides, SourceFormat } from '../schemas/document.ts'
import { chunk, embeddingText } from './chunk.ts'
import type { FieldMap } from './field-map.ts'
import { type ParseResult, parse } from './parse.ts'
import { redact } from './redact.ts'
import { redactStored } from './redact-stored.ts'
import { type DocumentOutline, documentOutline } from './sections/tree.ts'

/** Pipeline settings that change what gets stored for the same source bytes. */
export interface PrepareOptions {
  chunkTokens: number
  chunkOverlap: number
  redactIpv4: boolean
  /** The user's names for metadata fields (`--map`), applied to every document's frontmatter. */
  fieldMap?: FieldMap | undefined
}

/** A document ready to embed: parsed, redacted and chunked, with the exact embedder inputs. */
export interface PreparedDocument {
  parsed: ParseResult
  chunks: Chunk[]
  /** The redacted body as stored (markdown for markdown and HTML, the text for .txt). */
  body: string
  /** The section tree, each section with its kind, body span and chunk range. */
  sections: DocumentSection[]
  /** Redactions per kind; the secrets themselves are gone from everything below. */
  redactions: Record<string, number>
  /** One input per chunk: title, customer and heading path as context, then the chunk text. */
  embeddingInputs: string[]
}

/**
 * The pure middle of the pipeline: redact the raw text first (so no secret reaches the parser's
 * output), parse and chunk, then redact again every text that is stored, indexed or embedded
 * (the parser decodes entities and drops markup, which can reassemble a secret).
 */
export function prepareDocument(
  source: { relPath: string; text: string; mtime: Date; format?: SourceFormat; overrides?: MetaOverrides },
  options: PrepareOptions,
): PreparedDocument {
  const redacted = redact(source.text, { ipv4: options.redactIpv4 })
  const parsed = parse({
    path: source.relPath,
    content: redacted.text,
    mtime: source.mtime,
    fieldMap: options.fieldMap,
    ...(source.format ? { format: source.format } : {}),
    ...(source.overrides ? { overrides: source.overrides } : {}),
  })
  const chunks = chunk(parsed, { targetTokens: options.chunkTokens, overlapTokens: options.chunkOverlap })
  const again = redactStored(parsed, chunks, { ipv4: options.redactIpv4 })
  const redactions = { ...redacted.counts }
  for (const [kind, n] of Object.entries(again)) redactions[kind] = (redactions[kind] ?? 0) + n
  if (chunks.length === 0) {
    parsed.warnings.push({ code: 'empty-document', message: `${source.relPath}: no text to index` })
  }
  const outline = redactOutline(documentOutline(parsed, chunks), options)
  return {
    parsed,
    chunks,
    body: outline.body,
    sections: outline.sections,
    redactions,
    embeddingInputs: chunks.map((c) => embeddingText(parsed, c)),
  }
}

/**
 * The outline of an HTML page is rendered from the parse tree, which the second pass did not see:
 * its body and headings are redacted once more. Spans index the body, so they are dropped in the
 * rare case that this changed it (the page then shows the body without section cuts).
 */
function redactOutline(outline: DocumentOutline, options: PrepareOptions): DocumentOutline {
  const clean = (text: string) => redact(text, { ipv4: options.redactIpv4, names: false }).text
  const body = clean(outline.body)
  const moved = body !== outline.body
  const sections = outline.sections.map((s) => ({
    ...s,
    heading: clean(s.heading),
    ...(moved ? { start: null, end: null } : {}),
  }))
  return { body, sections }
}
