import type { Chunk } from '../schemas/document.ts'
import { chunk, embeddingText } from './chunk.ts'
import { type ParseResult, parse } from './parse.ts'
import { redact } from './redact.ts'
import { redactStored } from './redact-stored.ts'

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
  source: { relPath: string; text: string; mtime: Date },
  options: PrepareOptions,
): PreparedDocument {
  const redacted = redact(source.text, { ipv4: options.redactIpv4 })
  const parsed = parse({ path: source.relPath, content: redacted.text, mtime: source.mtime })
  const chunks = chunk(parsed, { targetTokens: options.chunkTokens, overlapTokens: options.chunkOverlap })
  const again = redactStored(parsed, chunks, { ipv4: options.redactIpv4 })
  const redactions = { ...redacted.counts }
  for (const [kind, n] of Object.entries(again)) redactions[kind] = (redactions[kind] ?? 0) + n
  if (chunks.length === 0) {
    parsed.warnings.push({ code: 'empty-document', message: `${source.relPath}: no text to index` })
  }
  return {
    parsed,
    chunks,
    redactions,
    embeddingInputs: chunks.map((c) => embeddingText(parsed, c)),
  }
}
