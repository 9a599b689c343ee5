/**
 * One performance run of `bench/perf.ts`: a fresh store on one backend, synthetic field notes
 * ingested through the normal pipeline up to a chunk count, then search latency with 1..N
 * concurrent clients. `bench/perf.ts` runs each in its own process so peak RSS is per run:
 *
 *   node --import tsx bench/perf-run.ts '<PerfRunOptions as JSON>' <result.json>
 */

import { writeFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { loadConfig } from '../config/load.ts'
import { createEmbedder } from '../embeddings/index.ts'
import type { SearchMode } from '../schemas/search.ts'
import { search } from '../search/index.ts'
import { storeStats } from '../storage/stats.ts'
import { type BaselineResult, runLangchainBaseline } from './baseline-langchain.ts'
import { type IngestStats, ingestSources } from './lib/ingest.ts'
import { currentRssMb, peakRssMb } from './lib/machine.ts'
import { Progress } from './lib/progress.ts'
import { type Backend, openBenchStore } from './lib/store.ts'
import { synthDoc, synthQuery } from './lib/synth.ts'
import { type LatencySummary, perSecond, runConcurrent, summarizeLatencies } from './lib/timer.ts'

/** What one run measures. */
export interface PerfRunOptions {
  backend: Backend
  /** PostgreSQL server URL (postgres backend); a scratch database is created and dropped. */
  url?: string
  /** Stop ingesting once this many chunks are stored. */
  chunks: number
  clients: number[]
  /** Timed queries per (mode, clients) pair. */
  queries: number
  modes: SearchMode[]
  seed: number
  /** Documents ingested at once. */
  concurrency: number
  /** Also run the LangChain baseline on the same documents (postgres only). */
  baseline: boolean
  /** Run ANALYZE after ingest, before timing searches (PGlite has no autovacuum to do it). */
  analyze?: boolean
  /** Also time the previous design (no impact index) on the same store. */
  previous?: boolean
}

/** Which lexical candidate path a latency row measured (see `RankingOptions.budget`). */
export type SearchDesign = 'impact' | 'previous'

/** Latency of one (mode, clients) pair. */
export interface PerfSearchResult {
  mode: SearchMode
  /** `impact`: the impact index (migration 011); `previous`: GIN + MaxScore only. Absent = impact. */
  design?: SearchDesign
  clients: number
  latency: LatencySummary
  qps: number
  errors: number
}

/** The outcome of one run. */
export interface PerfRunResult {
  backend: Backend
  targetChunks: number
  embedder: { modelId: string; dimensions: number }
  ingest: IngestStats
  store: { documents: number; chunks: number }
  search: PerfSearchResult[]
  /**
   * MiB: RSS after ingest, and peak RSS up to the end of the searches (`resourceUsage().maxRSS` of
   * this process: PGlite runs in it, a PostgreSQL server does not; the baseline is not included).
   */
  rss: { afterIngestMb: number; peakMb: number }
  baseline: Pick<BaselineResult, 'system' | 'ingest' | 'latency'> | null
}

const WARMUP = 5
/** Search request shape used for latency: what the UI sends (top 10 documents, no filter). */
const K = 10

/** Run one performance measurement; see {@link PerfRunOptions}. */
export async function runPerf(opts: PerfRunOptions): Promise<PerfRunResult> {
  const config = loadConfig(process.env)
  const embedder = await createEmbedder(config.embeddings)
  const store = await openBenchStore({ backend: opts.backend, ...(opts.url ? { url: opts.url } : {}) })
  try {
    const deps = { db: store.db, embedder, options: config.ingest }
    let next = 0
    const ingest = await ingestSources(
      () => {
        const doc = synthDoc(opts.seed, next++)
        return {
          key: `synth:${doc.id}.md`,
          path: `${doc.customer.toLowerCase()}/${doc.id}.md`,
          text: doc.markdown,
        }
      },
      deps,
      {
        concurrency: opts.concurrency,
        label: `ingest ${opts.backend} → ${opts.chunks} chunks`,
        stop: (chunks) => chunks >= opts.chunks,
      },
    )
    const afterIngestMb = currentRssMb()
    if (opts.analyze) await store.db.exec('ANALYZE')
    const stats = await storeStats(store.db)
    const results: PerfSearchResult[] = []
    let offset = 0
    const designs: SearchDesign[] = opts.previous ? ['impact', 'previous'] : ['impact']
    for (const mode of opts.modes) {
      for (const design of mode === 'vector' ? (['impact'] as const) : designs) {
        for (const c of opts.clients) {
          // Fresh queries for every row, so the query-embedding cache never answers from a previous one.
          const queries = Array.from({ length: opts.queries + WARMUP }, (_, i) =>
            synthQuery(opts.seed, offset + i),
          )
          offset += queries.length
          const ranking = design === 'previous' ? { budget: null } : {}
          const request = (q: string) =>
            search({ db: store.db, embedder }, { q, k: K, mode, group: 'document', filter: {} }, ranking)
          for (const q of queries.slice(0, WARMUP)) await request(q)
          let errors = 0
          const progress = new Progress(`search ${mode} (${design}) × ${c} clients`, opts.queries)
          let done = 0
          const { latencies, wallMs } = await runConcurrent(opts.queries, c, async (i) => {
            await request(queries[WARMUP + i]!).catch(() => errors++)
            progress.update(++done)
          })
          progress.done()
          results.push({
            mode,
            design,
            clients: c,
            latency: summarizeLatencies(latencies),
            qps: perSecond(opts.queries, wallMs),
            errors,
          })
        }
      }
    }
    const peakMb = peakRssMb()
    let baseline: PerfRunResult['baseline'] = null
    if (opts.baseline && opts.backend === 'postgres' && opts.url) {
      const docs = Array.from({ length: ingest.docs }, (_, i) => {
        const d = synthDoc(opts.seed, i)
        return { id: d.id, title: d.title, text: d.body }
      })
      const queries = Array.from({ length: opts.queries }, (_, i) => ({
        id: String(i),
        text: synthQuery(opts.seed, i),
      }))
      const b = await runLangchainBaseline({
        url: opts.url,
        embedder,
        docs,
        queries,
        k: K,
        clients: opts.clients,
      })
      baseline = { system: b.system, ingest: b.ingest, latency: b.latency }
    }
    return {
      backend: opts.backend,
      targetChunks: opts.chunks,
      embedder: { modelId: embedder.modelId, dimensions: embedder.dimensions },
      ingest,
      store: { documents: stats.documents, chunks: stats.chunks },
      search: results,
      rss: { afterIngestMb, peakMb },
      baseline,
    }
  } finally {
    await store.dispose()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [json, out] = process.argv.slice(2)
  if (!json || !out) {
    console.error("usage: node --import tsx bench/perf-run.ts '<options json>' <result.json>")
    process.exit(2)
  }
  runPerf(JSON.parse(json) as PerfRunOptions)
    .then((result) => writeFile(out, JSON.stringify(result)))
    .catch((error) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error)
      process.exit(1)
    })
}
