/** Ingest one uploaded file (from the API or the web form) through the same pipeline as `fieldkb ingest`. */
import type { Embedder } from '../embeddings/types.ts'
import { AppError, ParseError } from '../lib/errors.ts'
import { sha256 } from '../lib/hash.ts'
import type { MetaOverrides } from '../schemas/document.ts'
import type { Db } from '../storage/db.ts'
import { deleteDocument, listSources } from '../storage/documents.ts'
import { ensureEmbeddingModel } from '../storage/embedding-model.ts'
import { takenSourcePaths, uploadedDocument } from '../storage/uploads.ts'
import { refreshCustomerAliases } from './aliases.ts'
import { decodeText } from './decode.ts'
import { type ContainerInput, ingestContainer, partsOf } from './ingest-container.ts'
import { type IngestOptions, ingestSource, type SourceOutcome } from './ingest-source.ts'
import { converterForFile } from './sources/registry.ts'

/** An uploaded file: its sanitised name, the name the client sent (canonicalised) and its bytes. */
export interface Upload {
  name: string
  /** The client's own name: identifies the upload, so `a/x.md` and `x.md` stay two documents. */
  originalName?: string
  bytes: Uint8Array
  /** Metadata given with the file (form fields); each beats what the file says. */
  meta?: MetaOverrides
}

/** What ingesting an upload needs. */
export interface UploadDeps {
  db: Db
  embedder: Embedder
  options: IngestOptions
  now: () => Date
  /** Called after the store changed (a document added or updated), e.g. to refresh insights. */
  onChange?: () => void
}

/**
 * Ingest an upload through the same pipeline as `fieldkb ingest`, as `uploads/<name>`. The client's
 * original file name identifies it: uploading the same name again updates that document (whoever
 * sends it); another name that sanitises to the same one (`../x.md` after `x.md`) is a separate
 * document shown as `uploads/x-2.md`. Content that cannot be read as text, or is empty, is a 422
 * and stores nothing; content that cannot be parsed (too deeply nested, over the parse time or
 * memory budget) is a 422 recorded on the document like a failed CLI ingest; other failures are a 500.
 */
export async function ingestUpload(deps: UploadDeps, upload: Upload): Promise<UploadOutcome> {
  const converter = converterForFile(upload.name)
  if (converter && upload.bytes.byteLength === 0) {
    throw new ParseError('the file is empty', upload.name, { hint: 'upload a file with some content' })
  }
  if (!converter) {
    // Fails with a typed ParseError (422, with a hint) before anything is stored.
    const text = decodeText(upload.bytes, `uploads/${upload.name}`, deps.options.maxFileBytes)
    if (text.replace(/[\s\p{Cf}]/gu, '') === '') {
      throw new ParseError('the file is empty', upload.name, {
        hint: 'upload a file that contains some text',
      })
    }
  }
  await ensureEmbeddingModel(deps.db, deps.embedder)
  const sourceKey = `upload:${upload.originalName ?? upload.name}`
  const previous = await uploadedDocument(deps.db, sourceKey)
  const sourcePath = previous?.sourcePath ?? (await freeUploadPath(deps.db, upload))
  const overrides = upload.meta ? { overrides: upload.meta } : {}
  const input = { sourceKey, sourcePath, bytes: upload.bytes, mtime: deps.now(), ...overrides }
  const outcome = converter
    ? await ingestConverted(deps, { ...input, converter: converter.name, absPath: sourcePath })
    : await ingestSource(input, deps, previous?.contentHash)
  if (outcome.status === 'failed' && outcome.errorCode === 'parse_error') {
    const detail = outcome.error ?? 'the file could not be parsed'
    throw new ParseError(
      detail.startsWith(`${sourcePath}: `) ? detail.slice(sourcePath.length + 2) : detail,
      sourcePath,
    )
  }
  if (outcome.status === 'failed') {
    // The pipeline reports failures as text; past decoding they are not the client's fault.
    throw new AppError(`ingesting ${sourcePath} failed: ${outcome.error ?? 'unknown error'}`)
  }
  if (outcome.status !== 'unchanged') {
    await refreshCustomerAliases(deps.db)
    deps.onChange?.()
  }
  const documentId = outcome.documentId ?? Number(previous?.id)
  return { ...outcome, status: outcome.status, documentId }
}

/** A converted upload: its first document's outcome (an e-mail's attachments ride along). */
async function ingestConverted(deps: UploadDeps, input: ContainerInput): Promise<SourceOutcome> {
  const known = partsOf(await listSources(deps.db, input.sourceKey), input.sourceKey)
  const result = await ingestContainer(input, deps, known)
  // Uploading again replaces the whole upload: parts it no longer has go.
  for (const s of result.vanished) await deleteDocument(deps.db, s.id)
  const first = result.outcomes.find((o) => o.status === 'failed') ?? result.outcomes[0]!
  return first.documentId ? first : { ...first, documentId: known[0]?.id }
}

// `uploads/x.md`, else `uploads/x-2.md` … so no upload is shown under another's name.
async function freeUploadPath(db: Db, upload: Upload): Promise<string> {
  const dot = upload.name.lastIndexOf('.')
  const stem = upload.name.slice(0, dot)
  const ext = upload.name.slice(dot)
  const candidates = [`uploads/${upload.name}`]
  for (let n = 2; n <= 50; n++) candidates.push(`uploads/${stem}-${n}${ext}`)
  const taken = await takenSourcePaths(db, candidates)
  const free = candidates.find((c) => !taken.has(c))
  if (free) return free
  const tag = sha256(upload.originalName ?? upload.name).slice(0, 8)
  return `uploads/${stem}-${tag}${ext}`
}

/** A successful upload's outcome. */
export type UploadOutcome = Omit<SourceOutcome, 'status' | 'error'> & {
  status: 'added' | 'updated' | 'unchanged'
  documentId: number
}
