import type { Embedder } from '../embeddings/types.ts'
import { AppError, toError } from '../lib/errors.ts'
import { sha256 } from '../lib/hash.ts'
import type { MetaOverrides, SourceFormat, Warning } from '../schemas/document.ts'
import type { Db } from '../storage/db.ts'
import { recordFailure, writeDocument } from '../storage/documents.ts'
import { decodeText } from './decode.ts'
import { embedWithCache } from './embed-cached.ts'
import { isEmptyFieldMap } from './field-map.ts'
import { type ParseLimits, prepareInWorker } from './parse-pool.ts'
import type { PrepareOptions } from './prepare.ts'

// Bump when parsing, redaction or chunking changes what is stored for the same bytes, so the next
// ingest re-processes files instead of skipping them as unchanged.
const PIPELINE_VERSION = 2

/** One source to ingest: a file on disk or an upload. */
export interface SourceInput {
  /** Stable identity: absolute path, or `upload:<name>`. */
  sourceKey: string
  /** Path shown to users, relative to the ingest root. */
  sourcePath: string
  bytes: Uint8Array
  mtime: Date
  /** Already-decoded text (a converter's markdown): `bytes` are then not decoded. */
  text?: string
  /** The format when the path does not tell it (converted documents are markdown). */
  format?: SourceFormat
  /** The content hash to store, when the caller derives it from a container's bytes. */
  hash?: string
  /** A converter's warnings about this document. */
  notes?: string[]
  /** Metadata that beats frontmatter and inference (the upload form's fields); part of the hash. */
  overrides?: MetaOverrides
}

/** Settings for ingesting one source. */
export interface IngestOptions extends PrepareOptions, ParseLimits {
  maxFileBytes: number
}

/** What the pipeline needs from the outside world. */
export interface IngestDeps {
  db: Db
  embedder: Embedder
  options: IngestOptions
}

/** The result of ingesting one source. */
export interface SourceOutcome {
  sourcePath: string
  status: 'added' | 'updated' | 'unchanged' | 'failed'
  documentId?: number
  chunks?: number
  redactions?: Record<string, number>
  warnings?: Warning[]
  error?: string
  /** The failure's error code (e.g. `parse_error` for content that cannot be parsed). */
  errorCode?: string
}

/** Hash identifying these bytes under this pipeline version and these settings. */
export function contentHash(bytes: Uint8Array, options: PrepareOptions): string {
  const base = `${PIPELINE_VERSION}|${options.chunkTokens}|${options.chunkOverlap}|${options.redactIpv4}`
  // A field mapping changes the metadata stored for the same bytes; none keeps existing hashes.
  const settings = isEmptyFieldMap(options.fieldMap) ? base : `${base}|${JSON.stringify(options.fieldMap)}`
  return sha256(`${settings}|${sha256(bytes)}`)
}

/**
 * Ingest one source: skip it when its hash is unchanged, else decode, redact, parse, chunk, embed
 * (through the cache) and write it in one transaction. Failures are recorded on the document row
 * and returned, never thrown, so a batch carries on.
 */
export async function ingestSource(
  input: SourceInput,
  deps: IngestDeps,
  previousHash?: string | null,
): Promise<SourceOutcome> {
  // A caller-given hash already covers the overrides (a container's parts share one).
  const plain = () => contentHash(input.bytes, deps.options)
  const hash =
    input.hash ?? (input.overrides ? sha256(`${plain()}|${JSON.stringify(input.overrides)}`) : plain())
  if (previousHash === hash) return { sourcePath: input.sourcePath, status: 'unchanged' }
  try {
    const text = input.text ?? decodeText(input.bytes, input.sourcePath, deps.options.maxFileBytes)
    // In a worker thread, within a time and memory budget: a pathological file cannot block the caller.
    const prepared = await prepareInWorker(
      {
        relPath: input.sourcePath,
        text,
        mtime: input.mtime,
        ...(input.format ? { format: input.format } : {}),
        ...(input.overrides ? { overrides: input.overrides } : {}),
      },
      deps.options,
    )
    for (const note of (input.notes ?? []).toReversed()) {
      prepared.parsed.warnings.unshift({ code: 'converter', message: `${input.sourcePath}: ${note}` })
    }
    const vectors = await embedWithCache(deps.db, deps.embedder, prepared.embeddingInputs)
    const { parsed } = prepared
    const written = await writeDocument(
      deps.db,
      {
        sourceKey: input.sourceKey,
        sourcePath: input.sourcePath,
        meta: {
          title: parsed.title,
          customer: parsed.customer,
          type: parsed.type,
          date: parsed.date,
          tags: parsed.tags,
          author: parsed.author,
          severity: parsed.severity,
        },
        format: parsed.format,
        dateSource: parsed.dateSource,
        contentHash: hash,
        frontmatter: parsed.frontmatter,
        warnings: parsed.warnings,
        redactions: prepared.redactions,
        body: prepared.body,
        sections: prepared.sections,
      },
      prepared.chunks.map((c, i) => ({ ...c, embedding: vectors[i]! })),
      // Another run may have stored these very bytes since `previousHash` was read.
      { keepUnchanged: true },
    )
    if (written.action === 'unchanged') {
      return { sourcePath: input.sourcePath, status: 'unchanged', documentId: written.id }
    }
    return {
      sourcePath: input.sourcePath,
      status: written.action,
      documentId: written.id,
      chunks: prepared.chunks.length,
      redactions: prepared.redactions,
      warnings: parsed.warnings,
    }
  } catch (cause) {
    return failSource(input, deps, cause)
  }
}

/** Record a source as failed (keeping any earlier good version) and return its outcome. */
export async function failSource(
  input: Pick<SourceInput, 'sourceKey' | 'sourcePath'>,
  deps: Pick<IngestDeps, 'db'>,
  cause: unknown,
): Promise<SourceOutcome> {
  const error = describe(cause)
  const errorCode = cause instanceof AppError ? cause.code : 'internal_error'
  const documentId = await recordFailure(deps.db, { ...input, error }).catch(() => undefined)
  return {
    sourcePath: input.sourcePath,
    status: 'failed',
    error,
    errorCode,
    ...(documentId ? { documentId } : {}),
  }
}

function describe(cause: unknown): string {
  const e = toError(cause)
  const hint = e instanceof AppError && e.hint ? ` (${e.hint})` : ''
  return `${e.message}${hint}`
}
