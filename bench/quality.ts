/**
 * Retrieval quality on a BEIR dataset (default: BEIR SciFact from `../shared`): ingest the corpus
 * through fieldkb's normal pipeline into a fresh store, run every judged query through `search()`
 * in lexical, vector and hybrid mode, and report nDCG@10, Recall@10/100 and MRR@10 next to the
 * LangChain baseline (PostgreSQL only) and published figures.
 */

import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config/load.ts'
import { createEmbedder } from '../embeddings/index.ts'
import type { SearchMode } from '../schemas/search.ts'
import { search } from '../search/index.ts'
import { runLangchainBaseline } from './baseline-langchain.ts'
import { hasBeir, loadBeir } from './beir.ts'
import { choiceList, positiveInt, usageError } from './lib/cli.ts'
import { gitInfo, machineInfo } from './lib/machine.ts'
import { defaultScifactDir } from './lib/paths.ts'
import { today, writeResults } from './lib/results.ts'
import { openBenchStore } from './lib/store.ts'
import { scoreRun } from './metrics.ts'
import {
  anchorsTable,
  type BaselineScores,
  type QualityReport,
  qualityMarkdown,
  SCIFACT_ANCHORS,
  scoresTable,
} from './quality-report.ts'
import { ingestBeir, type ModeResult, runMode } from './quality-run.ts'

const USAGE = `usage: npm run bench:quality [-- <beir-dir>] [--split test|train] [--limit N]
         [--modes lexical,vector,hybrid] [--reuse <pglite-dir | postgres-db-name>]
         [--concurrency N] [--analyze] [--skip-baseline]

  <beir-dir>       BEIR folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv);
                   default ../shared/benchmarks/scifact
  --split          qrels split to evaluate (default test; tune on train)
  --limit N        evaluate only the first N judged queries (the whole corpus is still ingested)
  --modes          retrieval modes to run (default lexical,vector,hybrid)
  --reuse X        keep the built store between runs: a PGlite directory, or (with DATABASE_URL)
                   a database name on that server; unchanged documents are not re-ingested
  --concurrency N  documents ingested at once (default 1 local model, 4 OpenAI)
  --analyze        run ANALYZE after ingest, before the queries (PGlite has no autovacuum)
  --skip-baseline  do not run the LangChain + PGVectorStore baseline (it needs DATABASE_URL)`

const MODES = ['lexical', 'vector', 'hybrid'] as const

function parse() {
  try {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        split: { type: 'string', default: 'test' },
        limit: { type: 'string' },
        modes: { type: 'string', default: MODES.join(',') },
        reuse: { type: 'string' },
        concurrency: { type: 'string' },
        analyze: { type: 'boolean', default: false },
        'skip-baseline': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
    if (values.help) {
      console.log(USAGE)
      process.exit(0)
    }
    if (positionals.length > 1) throw new Error('expected at most one BEIR folder')
    if (!/^[\w-]+$/.test(values.split)) throw new Error(`--split expects a name like test or train`)
    return {
      dir: positionals[0] ? path.resolve(positionals[0]) : defaultScifactDir,
      split: values.split,
      limit: values.limit ? positiveInt(values.limit, '--limit') : undefined,
      modes: choiceList<SearchMode>(values.modes, MODES, '--modes'),
      reuse: values.reuse,
      concurrency: values.concurrency ? positiveInt(values.concurrency, '--concurrency') : undefined,
      skipBaseline: values['skip-baseline'],
      analyze: values.analyze,
    }
  } catch (error) {
    return usageError((error as Error).message, USAGE)
  }
}

async function main(): Promise<void> {
  const args = parse()
  if (!(await hasBeir(args.dir, args.split))) {
    console.log(
      `bench:quality skipped: no BEIR data at ${args.dir} (needs corpus.jsonl, queries.jsonl, qrels/${args.split}.tsv). ` +
        'The default dataset lives in ../shared, which only development machines have; pass a BEIR folder to run it elsewhere.',
    )
    return
  }
  const config = loadConfig(process.env)
  const data = await loadBeir(args.dir, args.split)
  const queries = data.queries.slice(0, args.limit ?? data.queries.length)
  const embedder = await createEmbedder(config.embeddings)
  const backend = config.database.kind
  console.error(
    `${data.name}/${data.split}: ${data.corpus.length} docs, ${queries.length} queries; ${embedder.modelId} on ${backend}`,
  )
  const store = await openBenchStore({
    backend,
    ...(config.database.kind === 'postgres' ? { url: config.database.url } : {}),
    ...(args.reuse ? { reuse: args.reuse } : {}),
  })
  const onSignal = () => void store.dispose().finally(() => process.exit(130))
  process.once('SIGINT', onSignal)
  try {
    const deps = { db: store.db, embedder, options: config.ingest }
    const concurrency = args.concurrency ?? (config.embeddings.provider === 'openai' ? 4 : 1)
    const ingest = await ingestBeir(data, deps, { concurrency })
    if (ingest.failed > 0)
      console.error(`warning: ${ingest.failed} documents failed: ${ingest.failures.join('; ')}`)
    if (args.analyze) await store.db.exec('ANALYZE')
    const modes: ModeResult[] = []
    for (const mode of args.modes)
      modes.push(await runMode(search, { db: store.db, embedder }, queries, data.qrels, mode))

    let baseline: BaselineScores | null = null
    let baselineSkipped: string | undefined
    if (args.skipBaseline) baselineSkipped = '--skip-baseline'
    else if (config.database.kind !== 'postgres')
      baselineSkipped = 'needs DATABASE_URL (PostgreSQL with pgvector)'
    else {
      const b = await runLangchainBaseline({ url: config.database.url, embedder, docs: data.corpus, queries })
      const judged = new Map(queries.map((q) => [q.id, data.qrels.get(q.id)!]))
      baseline = {
        system: b.system,
        ...scoreRun(b.run, judged),
        ingest: b.ingest,
        latency: b.latency[0]!.summary,
      }
    }

    const report: QualityReport = {
      kind: 'quality',
      dataset: data.name,
      split: data.split,
      date: new Date().toISOString(),
      git: gitInfo(),
      machine: machineInfo(),
      embedder: {
        provider: config.embeddings.provider,
        modelId: embedder.modelId,
        dimensions: embedder.dimensions,
      },
      backend,
      store: { location: store.location, reused: store.reused, analyzed: args.analyze },
      corpus: { docs: data.corpus.length },
      queries: queries.length,
      ingest,
      modes,
      baseline,
      ...(baselineSkipped ? { baselineSkipped } : {}),
      anchors: data.name === 'scifact' ? SCIFACT_ANCHORS : [],
    }
    console.log(`\n${scoresTable(report)}\n`)
    if (report.anchors.length > 0) console.log(`${anchorsTable(report.anchors)}\n`)
    for (const m of modes)
      if (m.firstError) console.error(`${m.mode}: ${m.errors} queries failed, first: ${m.firstError}`)
    const written = await writeResults(
      'quality',
      `quality-${data.name}-${backend}-${today()}${args.limit ? `-limit${queries.length}` : ''}`,
      report,
      qualityMarkdown(report),
    )
    console.log(
      `results: ${path.relative(process.cwd(), written.json)}, ${path.relative(process.cwd(), written.markdown)}`,
    )
  } finally {
    process.off('SIGINT', onSignal)
    await store.dispose()
  }
}

main().catch((error) => {
  console.error(`bench:quality failed: ${error instanceof Error ? error.message : String(error)}`)
  if (error instanceof Error && 'hint' in error && error.hint) console.error(`hint: ${error.hint}`)
  process.exit(1)
})
