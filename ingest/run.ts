import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { ParseError } from '../lib/errors.ts'
import { reconcileAuthors } from '../storage/authors.ts'
import { reconcileCustomers } from '../storage/customers.ts'
import { deleteDocument, listSources, type SourceState } from '../storage/documents.ts'
import { ensureEmbeddingModel } from '../storage/embedding-model.ts'
import { finishIngestRun, recordIngestProgress, startIngestRun } from '../storage/ingest-runs.ts'
import { analyzeStore } from '../storage/stats.ts'
import { refreshCustomerAliases } from './aliases.ts'
import { formatBytes } from './decode.ts'
import { failSource, type IngestDeps, ingestSource, type SourceOutcome } from './ingest-source.ts'
import { type FoundFile, walk } from './walk.ts'

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
  /** Inputs that did not exist, and files skipped for their extension. */
  missing: string[]
  skipped: string[]
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
  const outcomes: SourceOutcome[] = new Array(found.files.length)
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < found.files.length) {
      const i = next++
      const file = found.files[i]!
      outcomes[i] = await ingestFile(file, deps, known.get(file.absPath))
      const through = ++done
      await recordIngestProgress(deps.db, runId, through)
      options.onProgress?.(outcomes[i]!, through, found.files.length)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker))
  const prunedPaths = options.prune
    ? await prune(deps, found.roots, new Set(found.files.map((f) => f.absPath)))
    : []
  await reconcileCustomers(deps.db)
  await reconcileAuthors(deps.db)
  const summary = summarise(outcomes, prunedPaths, found.missing, found.skipped, performance.now() - started)
  if (summary.added + summary.updated + summary.pruned > 0) {
    await refreshCustomerAliases(deps.db)
    await analyzeStore(deps.db)
  }
  await finishIngestRun(deps.db, runId)
  return summary
}

async function ingestFile(file: FoundFile, deps: IngestDeps, previous?: SourceState): Promise<SourceOutcome> {
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
    return ingestSource({ ...input, bytes, mtime: info.mtime }, deps, previous?.contentHash)
  } catch (cause) {
    return failSource(
      input,
      deps,
      new ParseError(`cannot read file: ${(cause as Error).message}`, file.relPath, { cause }),
    )
  }
}

/** Source-key prefix of everything under a root folder (`/a/b` must not match `/a/bc`). */
function rootPrefix(root: string): string {
  return root.endsWith(path.sep) ? root : root + path.sep
}

async function knownSources(deps: IngestDeps, files: FoundFile[]): Promise<Map<string, SourceState>> {
  const roots = [...new Set(files.map((f) => f.root))]
  const states = await Promise.all(roots.map((r) => listSources(deps.db, rootPrefix(r))))
  return new Map(states.flat().map((s) => [s.sourceKey, s]))
}

async function prune(deps: IngestDeps, roots: string[], seen: Set<string>): Promise<string[]> {
  const pruned: string[] = []
  for (const root of roots) {
    for (const s of await listSources(deps.db, rootPrefix(root))) {
      if (seen.has(s.sourceKey)) continue
      // Only remove what is really gone: a file skipped by this walk (hidden folder) stays.
      const exists = await stat(s.sourceKey).then(
        () => true,
        () => false,
      )
      if (!exists && (await deleteDocument(deps.db, s.id))) pruned.push(path.relative(root, s.sourceKey))
    }
  }
  return pruned
}

function summarise(
  outcomes: SourceOutcome[],
  prunedPaths: string[],
  missing: string[],
  skipped: string[],
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
