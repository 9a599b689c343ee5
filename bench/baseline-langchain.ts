/**
 * The baseline a user would otherwise write: LangChain.js `RecursiveCharacterTextSplitter`
 * (1,000 characters, 200 overlap) + `PGVectorStore` on the same PostgreSQL server, with the same
 * embedder, queried with `similaritySearch`. Runs in a scratch database that is dropped afterwards.
 *
 *   node --import tsx bench/baseline-langchain.ts [<beir-dir>] [--split test] [--limit N]
 */

import { PGVectorStore } from '@langchain/community/vectorstores/pgvector'
import type { Document } from '@langchain/core/documents'
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters'
import pg from 'pg'
import type { Embedder } from '../embeddings/types.ts'
import { Progress } from './lib/progress.ts'
import { createScratchDatabase } from './lib/store.ts'
import { type LatencySummary, perSecond, runConcurrent, summarizeLatencies } from './lib/timer.ts'

/** A document for the baseline: its id (kept in chunk metadata), title and text. */
export interface BaselineDoc {
  id: string
  title: string
  text: string
}

/** Settings of a baseline run. */
export interface BaselineOptions {
  /** PostgreSQL server URL (DATABASE_URL); a scratch database is created on it. */
  url: string
  embedder: Embedder
  docs: readonly BaselineDoc[]
  queries: readonly { id: string; text: string }[]
  /** Chunks requested per query (then de-duplicated to documents). Default 100. */
  k?: number
  chunkSize?: number
  chunkOverlap?: number
  /** Concurrent query clients to measure latency with (default [1]). */
  clients?: number[]
  /** Documents embedded and inserted per `addDocuments` call (default 500). */
  batchDocs?: number
}

/** Ingest throughput and search results of a baseline run. */
export interface BaselineResult {
  system: string
  ingest: { docs: number; chunks: number; ms: number; docsPerSec: number; chunksPerSec: number }
  /** Query id → document ids, best first (chunks de-duplicated by `metadata.id`). */
  run: Map<string, string[]>
  /** Latency of `similaritySearch` per concurrent-client count. */
  latency: { clients: number; summary: LatencySummary; qps: number }[]
}

/** Split, embed and store `docs` with LangChain, then run every query; see {@link BaselineOptions}. */
export async function runLangchainBaseline(opts: BaselineOptions): Promise<BaselineResult> {
  const k = opts.k ?? 100
  const scratch = await createScratchDatabase(opts.url, { prefix: 'fieldkb_baseline' })
  let store: PGVectorStore | undefined
  try {
    await opts.embedder.embedQuery('warm up the embedding model')
    const splitter = new RecursiveCharacterTextSplitter({
      chunkSize: opts.chunkSize ?? 1000,
      chunkOverlap: opts.chunkOverlap ?? 200,
    })
    const progress = new Progress('baseline ingest', opts.docs.length)
    const start = performance.now()
    // Our own pool so an idle connection ended by the scratch database's drop cannot crash the run.
    const pool = new pg.Pool({ connectionString: scratch.url })
    pool.on('error', () => {})
    store = await PGVectorStore.initialize(opts.embedder, {
      pool,
      tableName: 'langchain_chunks',
      columns: {
        idColumnName: 'id',
        vectorColumnName: 'embedding',
        contentColumnName: 'content',
        metadataColumnName: 'metadata',
      },
      distanceStrategy: 'cosine',
      dimensions: opts.embedder.dimensions,
    })
    let chunks = 0
    const batch = opts.batchDocs ?? 500
    for (let i = 0; i < opts.docs.length; i += batch) {
      const slice = opts.docs.slice(i, i + batch)
      const split = await splitter.createDocuments(
        slice.map((d) => `${d.title}\n\n${d.text}`),
        slice.map((d) => ({ id: d.id, title: d.title })),
      )
      await store.addDocuments(split)
      chunks += split.length
      progress.update(i + slice.length, `${chunks} chunks`)
    }
    // The index the LangChain docs recommend, built once the rows are in (counted in ingest time).
    if (opts.embedder.dimensions <= 2000)
      await store.createHnswIndex({ dimensions: opts.embedder.dimensions })
    const ms = performance.now() - start
    progress.done(`${opts.docs.length} docs, ${chunks} chunks`)
    const ingest = {
      docs: opts.docs.length,
      chunks,
      ms,
      docsPerSec: perSecond(opts.docs.length, ms),
      chunksPerSec: perSecond(chunks, ms),
    }

    const run = new Map<string, string[]>()
    const latency: BaselineResult['latency'] = []
    for (const clients of opts.clients ?? [1]) {
      const s = store
      const { latencies, wallMs } = await runConcurrent(opts.queries.length, clients, async (i) => {
        const q = opts.queries[i]!
        run.set(q.id, dedupe(await s.similaritySearch(q.text, k)))
      })
      latency.push({
        clients,
        summary: summarizeLatencies(latencies),
        qps: perSecond(latencies.length, wallMs),
      })
    }
    return { system: 'LangChain RecursiveCharacterTextSplitter + PGVectorStore', ingest, run, latency }
  } finally {
    await store?.end().catch(() => {})
    await scratch.drop().catch((e) => process.stderr.write(`could not drop ${scratch.name}: ${e}\n`))
  }
}

function dedupe(chunks: Document[]): string[] {
  const ids: string[] = []
  for (const c of chunks) {
    const id = String((c.metadata as { id?: unknown }).id)
    if (!ids.includes(id)) ids.push(id)
  }
  return ids
}

async function main(): Promise<void> {
  const { parseArgs } = await import('node:util')
  const { loadConfig } = await import('../config/load.ts')
  const { createEmbedder } = await import('../embeddings/index.ts')
  const { hasBeir, loadBeir } = await import('./beir.ts')
  const { scoreRun } = await import('./metrics.ts')
  const { defaultScifactDir } = await import('./lib/paths.ts')
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { split: { type: 'string', default: 'test' }, limit: { type: 'string' } },
  })
  const dir = positionals[0] ?? defaultScifactDir
  const config = loadConfig(process.env)
  if (config.database.kind !== 'postgres') {
    console.log('skipped: the LangChain baseline needs PostgreSQL with pgvector; set DATABASE_URL')
    return
  }
  if (!(await hasBeir(dir, values.split))) {
    console.log(`skipped: no BEIR data at ${dir} (corpus.jsonl, queries.jsonl, qrels/${values.split}.tsv)`)
    return
  }
  const data = await loadBeir(dir, values.split)
  const limit = values.limit ? Number(values.limit) : data.queries.length
  const queries = data.queries.slice(0, limit)
  const qrels = new Map(queries.map((q) => [q.id, data.qrels.get(q.id)!]))
  const embedder = await createEmbedder(config.embeddings)
  const result = await runLangchainBaseline({
    url: config.database.url,
    embedder,
    docs: data.corpus,
    queries,
  })
  const scores = scoreRun(result.run, qrels)
  const l = result.latency[0]!.summary
  console.log(`${result.system}, ${embedder.modelId}, ${data.name}/${data.split} (${scores.queries} queries)`)
  console.log(
    `ingest ${result.ingest.docsPerSec.toFixed(0)} docs/s, ${result.ingest.chunksPerSec.toFixed(0)} chunks/s (${result.ingest.chunks} chunks)`,
  )
  console.log(
    `nDCG@10 ${scores.ndcg10.toFixed(3)}  R@10 ${scores.recall10.toFixed(3)}  R@100 ${scores.recall100.toFixed(3)}  MRR@10 ${scores.mrr10.toFixed(3)}`,
  )
  console.log(`search p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms`)
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
