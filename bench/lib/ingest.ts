import { type IngestDeps, ingestSource } from '../../ingest/ingest-source.ts'
import { ensureEmbeddingModel } from '../../storage/embedding-model.ts'
import { Progress } from './progress.ts'
import { perSecond } from './timer.ts'

/** One generated or converted source, ingested as if it were a file. */
export interface BenchSource {
  /** Stable identity (`sourceKey`), e.g. `beir:scifact/4983.md`. */
  key: string
  /** Path shown to users and returned on hits (`document.sourcePath`). */
  path: string
  /** The file content (markdown). */
  text: string
}

/** Throughput of one benchmark ingest. */
export interface IngestStats {
  /** Sources processed (including unchanged and failed). */
  docs: number
  /** Sources written (added or updated). */
  written: number
  unchanged: number
  failed: number
  /** Chunks written. */
  chunks: number
  ms: number
  docsPerSec: number
  chunksPerSec: number
  /** The first few failure messages. */
  failures: string[]
}

/** Settings for {@link ingestSources}. */
export interface IngestRunOptions {
  /** Sources ingested at once (default 1, as `fieldkb ingest` with the local model). */
  concurrency?: number
  /** Expected number of sources, for the progress line (0 if unknown). */
  total?: number
  label?: string
  /** sourceKey → content hash already stored (reused store): unchanged sources are skipped. */
  previous?: ReadonlyMap<string, string>
  /** Called after each source with the running chunk count; return true to stop pulling sources. */
  stop?: (chunks: number) => boolean
  /** Modification time given to every source (fixed, so content hashes are reproducible). */
  mtime?: Date
  /** No progress line. */
  quiet?: boolean
}

const FIXED_MTIME = new Date('2020-01-01T00:00:00Z')

/**
 * Feed sources through fieldkb's normal per-source pipeline (`ingestSource`: decode, redact,
 * parse, chunk, embed through the cache, write) with a progress line. `next` is pulled until it
 * returns undefined or `stop` says so. The embedder is warmed up (model loaded) and the store bound
 * to it before the clock starts, so the rate measures steady-state ingestion.
 */
export async function ingestSources(
  next: () => BenchSource | undefined,
  deps: IngestDeps,
  opts: IngestRunOptions = {},
): Promise<IngestStats> {
  await ensureEmbeddingModel(deps.db, deps.embedder)
  await deps.embedder.embedQuery('warm up the embedding model')
  const progress = new Progress(opts.label ?? 'ingest', opts.total ?? 0, opts.quiet)
  const stats = { docs: 0, written: 0, unchanged: 0, failed: 0, chunks: 0, failures: [] as string[] }
  let stopped = false
  const start = performance.now()
  const worker = async () => {
    while (!stopped) {
      const source = next()
      if (!source) return
      const outcome = await ingestSource(
        {
          sourceKey: source.key,
          sourcePath: source.path,
          bytes: new TextEncoder().encode(source.text),
          mtime: opts.mtime ?? FIXED_MTIME,
        },
        deps,
        opts.previous?.get(source.key),
      )
      stats.docs++
      if (outcome.status === 'failed') {
        stats.failed++
        if (stats.failures.length < 5) stats.failures.push(outcome.error ?? outcome.sourcePath)
      } else if (outcome.status === 'unchanged') stats.unchanged++
      else stats.written++
      stats.chunks += outcome.chunks ?? 0
      if (opts.stop?.(stats.chunks)) stopped = true
      progress.update(stats.docs, `${stats.chunks} chunks${stats.failed ? `, ${stats.failed} failed` : ''}`)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker))
  const ms = performance.now() - start
  progress.done(`${stats.docs} docs, ${stats.chunks} chunks, ${stats.failed} failed`)
  return {
    ...stats,
    ms,
    docsPerSec: perSecond(stats.written, ms),
    chunksPerSec: perSecond(stats.chunks, ms),
  }
}

/** A pull function over an array or any iterable. */
export function pullFrom<T>(items: Iterable<T>): () => T | undefined {
  const it = items[Symbol.iterator]()
  return () => {
    const r = it.next()
    return r.done ? undefined : r.value
  }
}
