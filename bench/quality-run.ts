/** The measuring half of `bench/quality.ts`: ingest a BEIR corpus into fieldkb and run its queries. */

import type { IngestDeps } from '../ingest/ingest-source.ts'
import { MAX_QUERY_CHARS, type SearchMode } from '../schemas/search.ts'
import { listSources } from '../storage/documents.ts'
import type { BeirDataset, BeirQuery } from './beir.ts'
import { beirKeyPrefix, beirSource } from './lib/beir-markdown.ts'
import { type IngestStats, ingestSources, pullFrom } from './lib/ingest.ts'
import { Progress } from './lib/progress.ts'
import { docIdFromSourcePath, type SearchFn } from './lib/search.ts'
import { type LatencySummary, summarizeLatencies } from './lib/timer.ts'
import { ndcgAtK, type RunScores, scoreRun } from './metrics.ts'

/**
 * Ingest every corpus document through the normal pipeline as `<id>.md`. In a reused store,
 * documents already stored with the same content hash are skipped.
 */
export async function ingestBeir(
  data: BeirDataset,
  deps: IngestDeps,
  opts: { concurrency?: number; quiet?: boolean } = {},
): Promise<IngestStats> {
  const stored = await listSources(deps.db, beirKeyPrefix(data.name))
  const previous = new Map(
    stored.flatMap((s) => (s.contentHash ? [[s.sourceKey, s.contentHash] as const] : [])),
  )
  return ingestSources(pullFrom(data.corpus.map((d) => beirSource(d, data.name))), deps, {
    ...opts,
    total: data.corpus.length,
    label: `ingest ${data.name}`,
    previous,
  })
}

/** The outcome of one retrieval mode over all queries. */
export interface ModeResult extends RunScores {
  mode: SearchMode
  /** Latency of one `search()` call, one client. */
  latency: LatencySummary
  /** Queries whose search threw (scored with an empty ranking). */
  errors: number
  firstError?: string
  /** nDCG@10 of each judged query (for per-query comparisons between runs). */
  perQueryNdcg10: Record<string, number>
}

/**
 * Run each query through `search()` (group `document`, no filter) one at a time, map hits back to
 * corpus ids via `document.sourcePath`, and score the run against the qrels.
 */
export async function runMode(
  search: SearchFn,
  deps: Parameters<SearchFn>[0],
  queries: readonly BeirQuery[],
  qrels: BeirDataset['qrels'],
  mode: SearchMode,
  opts: { k?: number; quiet?: boolean } = {},
): Promise<ModeResult> {
  const run = new Map<string, string[]>()
  const latencies: number[] = []
  let errors = 0
  let firstError: string | undefined
  const progress = new Progress(`search ${mode}`, queries.length, opts.quiet)
  for (const [i, q] of queries.entries()) {
    const start = performance.now()
    try {
      const res = await search(deps, {
        q: q.text.slice(0, MAX_QUERY_CHARS),
        k: opts.k ?? 100,
        mode,
        group: 'document',
        filter: {},
      })
      latencies.push(performance.now() - start)
      run.set(
        q.id,
        res.hits.map((h) => docIdFromSourcePath(h.document.sourcePath)),
      )
    } catch (error) {
      errors++
      firstError ??= error instanceof Error ? error.message : String(error)
    }
    progress.update(i + 1)
  }
  progress.done()
  const judged = new Map(queries.flatMap((q) => (qrels.has(q.id) ? [[q.id, qrels.get(q.id)!] as const] : [])))
  return {
    mode,
    ...scoreRun(run, judged),
    latency: summarizeLatencies(latencies),
    errors,
    ...(firstError ? { firstError } : {}),
    perQueryNdcg10: Object.fromEntries(
      [...judged].map(([qid, j]) => [qid, Math.round(ndcgAtK(run.get(qid) ?? [], j, 10) * 1e4) / 1e4]),
    ),
  }
}
