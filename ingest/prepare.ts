import type { Chunk, DocumentSection } from '../schemas/document.ts'
import { chunk, embeddingText } from './chunk.ts'
import { type ParseResult, parse } from './parse.ts'
import { redact } from './redact.ts'
import { documentOutline } from './sections/tree.ts'

/** Pipeline settings that change what gets stored for the same source bytes. */
export interface PrepareOptions {
  chunkTokens: number
  chunkOverlap: number
  redactIpv4: boolean
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
 * output, the chunks, the full-text index or the embedder), then parse and chunk.
 */
export function prepareDocument(
  source: { relPath: string; text: string; mtime: Date },
  options: PrepareOptions,
): PreparedDocument {
  const redacted = redact(source.text, { ipv4: options.redactIpv4 })
  const parsed = parse({ path: source.relPath, content: redacted.text, mtime: source.mtime })
  const chunks = chunk(parsed, { targetTokens: options.chunkTokens, overlapTokens: options.chunkOverlap })
  if (chunks.length === 0) {
    parsed.warnings.push({ code: 'empty-document', message: `${source.relPath}: no text to index` })
  }
  const outline = documentOutline(parsed, chunks)
  return {
    parsed,
    chunks,
    body: outline.body,
    sections: outline.sections,
    redactions: redacted.counts,
    embeddingInputs: chunks.map((c) => embeddingText(parsed, c)),
  }
}
