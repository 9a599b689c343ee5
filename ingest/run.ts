import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import pMap from 'p-map'
import { ParseError } from '../lib/errors.ts'
import { reconcileAuthors } from '../storage/authors.ts'
import { reconcileCustomers } from '../storage/customers.ts'
import { deleteDocument, type SourceState } from '../storage/documents.ts'
import { ensureEmbeddingModel } from '../storage/embedding-model.ts'
import { finishIngestRun, recordIngestProgress, startIngestRun } from '../storage/ingest-runs.ts'
import { analyzeStore } from '../storage/stats.ts'
import { refreshCustomerAliases } from './aliases.ts'
import { formatBytes } from './decode.ts'
import { ingestContainer, partsOf } from './ingest-container.ts'
import { failSource, type IngestDeps, ingestSource, type SourceOutcome } from './ingest-source.ts'
import { knownSources, prune } from './prune.ts'
import { type FoundFile, type SkippedFile, walk } from './walk.ts'

/** Options for a batch ingest. */
export interface RunOptions {
  /** Remove documents under the walked folders whose files are gone. */
  prune?: boolean
  /** Documents processed at once (embedding API latency overlaps; the local model gains nothing). */
  concurrency?: number
  /** Called once the files are known, and after each file. */
  onStart?: (total: number) => void
  onProgress?: (outcome: SourceOutcome, done: number, total: number) => void
  cwd?: string
}

/** The end-of-run summary. */
export interface IngestSummary {
  added: number
  updated: number
  unchanged: number
  pruned: number
  failed: number
  chunks: number
  redactions: number
  redactionsByKind: Record<string, number>
  /** Inputs that did not exist, and files not ingested with the reason why. */
  missing: string[]
  skipped: SkippedFile[]
  outcomes: SourceOutcome[]
  prunedPaths: string[]
  durationMs: number
}

/**
 * Ingest files and folders: each document in its own transaction, failures recorded and the batch
 * continued, unchanged files skipped by content hash, and (with `prune`) vanished files removed.
 * Killing a run leaves every document either fully old or fully new; the next run completes it.
 */
export async function ingestPaths(
  inputs: string[],
  deps: IngestDeps,
  options: RunOptions = {},
): Promise<IngestSummary> {
  const started = performance.now()
  await ensureEmbeddingModel(deps.db, deps.embedder)
  const found = await walk(inputs, options.cwd)
  const known = await knownSources(deps, found.files)
  options.onStart?.(found.files.length)
  // Recorded so `fieldkb status` can say that a killed run left the job half done.
  const asked = inputs.map((i) => path.resolve(options.cwd ?? process.cwd(), i))
  const runId = await startIngestRun(deps.db, found.files.length, asked)
  let done = 0
  const results = await pMap(
    found.files,
    async (file) => {
      const result = await ingestFile(file, deps, known)
      const through = ++done
      await recordIngestProgress(deps.db, runId, through)
      for (const o of result.outcomes) options.onProgress?.(o, through, found.files.length)
      return result
    },
    { concurrency: Math.max(1, options.concurrency ?? 1) },
  )
  const outcomes = results.flatMap((r) => r.outcomes)
  const seen = new Set(results.flatMap((r) => r.keys))
  const prunedPaths: string[] = []
  for (const r of results) {
    for (const s of r.vanished) {
      // A stale failure row of a container that now converts is always dropped; gone parts with --prune.
      if ((options.prune || s.status === 'failed') && (await deleteDocument(deps.db, s.id)))
        if (options.prune) prunedPaths.push(path.relative(r.root, s.sourceKey))
    }
  }
  if (options.prune) prunedPaths.push(...(await prune(deps, found.roots, seen)))
  await reconcileCustomers(deps.db)
  await reconcileAuthors(deps.db)
  const skipped = [...found.skipped, ...results.flatMap((r) => (r.skipped ? [r.skipped] : []))]
  const summary = summarise(outcomes, prunedPaths, found.missing, skipped, performance.now() - started)
  if (summary.added + summary.updated + summary.pruned > 0) {
    await refreshCustomerAliases(deps.db)
    await analyzeStore(deps.db)
  }
  await finishIngestRun(deps.db, runId, skipped)
  return summary
}

/** What one walked file or converted folder gave. */
interface FileResult {
  outcomes: SourceOutcome[]
  /** Source keys it still has (not pruned). */
  keys: string[]
  /** Parts gone from a converted container. */
  vanished: SourceState[]
  /** A file its converter found to be none of its formats. */
  skipped?: SkippedFile | undefined
  root: string
}

async function ingestFile(
  file: FoundFile,
  deps: IngestDeps,
  known: Map<string, SourceState>,
): Promise<FileResult> {
  const base = { keys: [file.absPath], vanished: [], root: file.root }
  if (file.converter && file.isDir) {
    const mtime = (await stat(file.absPath)).mtime
    const input = {
      sourceKey: file.absPath,
      sourcePath: file.relPath,
      converter: file.converter,
      absPath: file.absPath,
      mtime,
    }
    return { ...(await ingestContainer(input, deps, partsOf(known.values(), file.absPath))), root: file.root }
  }
  const outcome = await ingestOneFile(file, deps, known)
  return 'outcomes' in outcome ? { ...outcome, root: file.root } : { ...base, outcomes: [outcome] }
}

async function ingestOneFile(
  file: FoundFile,
  deps: IngestDeps,
  known: Map<string, SourceState>,
): Promise<SourceOutcome | Omit<FileResult, 'root'>> {
  const input = { sourceKey: file.absPath, sourcePath: file.relPath }
  try {
    const info = await stat(file.absPath)
    // Refuse an oversized file before reading it into memory.
    if (info.size > deps.options.maxFileBytes) {
      return failSource(
        input,
        deps,
        new ParseError(
          `file is ${formatBytes(info.size)}, over the ${formatBytes(deps.options.maxFileBytes)} limit`,
          file.relPath,
          { hint: 'split the file, or raise FIELDKB_MAX_FILE_BYTES' },
        ),
      )
    }
    const bytes = await readFile(file.absPath)
    if (file.converter) {
      const container = {
        ...input,
        converter: file.converter,
        absPath: file.absPath,
        bytes,
        mtime: info.mtime,
      }
      return ingestContainer(container, deps, partsOf(known.values(), file.absPath))
    }
    return ingestSource({ ...input, bytes, mtime: info.mtime }, deps, known.get(file.absPath)?.contentHash)
  } catch (cause) {
    return failSource(
      input,
      deps,
      new ParseError(`cannot read file: ${(cause as Error).message}`, file.relPath, { cause }),
    )
  }
}

function summarise(
  outcomes: SourceOutcome[],
  prunedPaths: string[],
  missing: string[],
  skipped: SkippedFile[],
  durationMs: number,
): IngestSummary {
  const count = (s: SourceOutcome['status']) => outcomes.filter((o) => o.status === s).length
  const redactionsByKind: Record<string, number> = {}
  for (const o of outcomes) {
    for (const [kind, n] of Object.entries(o.redactions ?? {}))
      redactionsByKind[kind] = (redactionsByKind[kind] ?? 0) + n
  }
  return {
    added: count('added'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    pruned: prunedPaths.length,
    failed: count('failed') + missing.length,
    chunks: outcomes.reduce((s, o) => s + (o.chunks ?? 0), 0),
    redactions: Object.values(redactionsByKind).reduce((a, b) => a + b, 0),
    redactionsByKind,
    missing,
    skipped,
    outcomes,
    prunedPaths,
    durationMs: Math.round(durationMs),
  }
}
