/**
 * Ingest a source a converter reads (a PDF, a DOCX, a mailbox, an export folder): convert it in the
 * parse worker pool, then store each converted document through the normal pipeline as
 * `relPath#part` (or `relPath` for part `''`). Every part carries the container's content hash, so
 * an unchanged container is skipped without converting it; parts that vanished from a changed
 * container are reported for `--prune`.
 */
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { ParseError, UnrecognisedSourceError } from '../lib/errors.ts'
import { sha256 } from '../lib/hash.ts'
import type { MetaOverrides } from '../schemas/document.ts'
import type { SourceState } from '../storage/documents.ts'
import {
  contentHash,
  failSource,
  type IngestDeps,
  ingestSource,
  type SourceOutcome,
} from './ingest-source.ts'
import { convertInWorker } from './parse-pool.ts'
import { mergeFrontmatter } from './sources/markdown.ts'
import type { SkippedFile } from './walk.ts'

/** One container to convert and ingest. */
export interface ContainerInput {
  /** Stable identity of the container: its absolute path, or `upload:<name>`. */
  sourceKey: string
  /** Path shown to users, relative to the ingest root. */
  sourcePath: string
  /** The registry name of its converter. */
  converter: string
  /** Absolute path of the file or folder (folders are read by the converter). */
  absPath: string
  /** The file's bytes; absent for a folder. */
  bytes?: Uint8Array
  mtime: Date
  /** Metadata set on every document (the upload form's customer, type, date, severity). */
  overrides?: MetaOverrides
}

/** What ingesting a container did. */
export interface ContainerResult {
  outcomes: SourceOutcome[]
  /** Source keys this container still has (produced now, or kept unchanged or after a failure). */
  keys: string[]
  /** Stored parts the converter no longer produced: removed by `--prune`. */
  vanished: SourceState[]
  /** Set when the converter found the file is none of its formats (e.g. a `.json` that is no export). */
  skipped?: SkippedFile
}

/** The source key (or path) of part `part` of a container. */
export function partKey(container: string, part: string): string {
  return part === '' ? container : `${container}#${part}`
}

/** The stored sources belonging to container `key`: itself and its `key#part`s. */
export function partsOf(known: Iterable<SourceState>, key: string): SourceState[] {
  return [...known].filter((s) => s.sourceKey === key || s.sourceKey.startsWith(`${key}#`))
}

/**
 * Convert one container and ingest its documents; a converter error fails the container alone
 * (earlier good versions of its parts are kept).
 */
export async function ingestContainer(
  input: ContainerInput,
  deps: IngestDeps,
  known: SourceState[],
): Promise<ContainerResult> {
  const hash = sha256(
    `${input.converter}|${input.bytes ? contentHash(input.bytes, deps.options) : await folderHash(input.absPath, deps)}|${JSON.stringify(input.overrides ?? {})}`,
  )
  const keep = known.map((s) => s.sourceKey)
  if (known.length > 0 && known.every((s) => s.status === 'ok' && s.contentHash === hash)) {
    return { outcomes: [{ sourcePath: input.sourcePath, status: 'unchanged' }], keys: keep, vanished: [] }
  }
  let docs: Awaited<ReturnType<typeof convertInWorker>>
  try {
    docs = await convertInWorker(
      input.converter,
      { absPath: input.absPath, relPath: input.sourcePath, ...(input.bytes ? { bytes: input.bytes } : {}) },
      deps.options,
    )
    if (docs.length === 0) {
      throw new ParseError('the converter found no documents in it', input.sourcePath, {
        hint: `check that it is a ${input.converter} file with some content`,
      })
    }
  } catch (cause) {
    if (cause instanceof UnrecognisedSourceError) {
      return {
        outcomes: [],
        keys: keep,
        vanished: [],
        skipped: { path: input.sourcePath, reason: cause.reason },
      }
    }
    return { outcomes: [await failSource(input, deps, cause)], keys: keep, vanished: [] }
  }
  const byKey = new Map(known.map((s) => [s.sourceKey, s]))
  const outcomes: SourceOutcome[] = []
  const keys: string[] = []
  for (const doc of docs) {
    const sourceKey = partKey(input.sourceKey, doc.part)
    const sourcePath = partKey(input.sourcePath, doc.part)
    const parent = doc.parent === undefined ? undefined : partKey(input.sourcePath, doc.parent)
    const text = parent === undefined ? doc.markdown : mergeFrontmatter(doc.markdown, { parent })
    keys.push(sourceKey)
    const outcome = await ingestSource(
      {
        sourceKey,
        sourcePath,
        bytes: new Uint8Array(),
        text,
        format: 'markdown',
        hash,
        mtime: input.mtime,
        notes: doc.warnings,
        ...(input.overrides ? { overrides: input.overrides } : {}),
      },
      deps,
      byKey.get(sourceKey)?.contentHash,
    )
    outcomes.push(outcome)
  }
  const produced = new Set(keys)
  const vanished = known.filter((s) => !produced.has(s.sourceKey))
  return { outcomes, keys, vanished }
}

/** A folder's identity for change detection: every file's path, size and mtime below it. */
async function folderHash(dir: string, deps: IngestDeps): Promise<string> {
  const lines: string[] = []
  const visit = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true })
    entries.sort((a, b) => a.name.localeCompare(b.name))
    for (const e of entries) {
      const abs = path.join(d, e.name)
      if (e.isDirectory()) await visit(abs)
      else if (e.isFile()) {
        const info = await stat(abs)
        lines.push(`${path.relative(dir, abs)}|${info.size}|${info.mtimeMs}`)
      }
    }
  }
  await visit(dir)
  return contentHash(new TextEncoder().encode(lines.join('\n')), deps.options)
}
