/**
 * Ingest throughput and search latency at scale on synthetic field notes, on PGlite and (with
 * DATABASE_URL) PostgreSQL, optionally against the LangChain + PGVectorStore baseline.
 * Each (backend, size) runs in its own child process (`bench/perf-run.ts`) so peak RSS is per run.
 */

import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config/load.ts'
import { createEmbedder } from '../embeddings/index.ts'
import type { SearchMode } from '../schemas/search.ts'
import { choiceList, intList, positiveInt, usageError } from './lib/cli.ts'
import { gitInfo, machineInfo } from './lib/machine.ts'
import { today, writeResults } from './lib/results.ts'
import type { Backend } from './lib/store.ts'
import { baselineTable, ingestTable, type PerfReport, perfMarkdown, searchTable } from './perf-report.ts'
import type { PerfRunOptions, PerfRunResult } from './perf-run.ts'

const USAGE = `usage: npm run bench:perf [-- --sizes 10000,100000] [--backends pglite,postgres] [--clients 1,8]
         [--queries N] [--modes hybrid,lexical,vector] [--seed N] [--concurrency N] [--analyze]
         [--skip-baseline] [--skip-previous]

  --sizes          target chunk counts, one fresh store each (default 10000; 100k takes minutes)
  --backends       default pglite, plus postgres when DATABASE_URL is set
  --clients        concurrent search clients to measure (default 1,8)
  --queries N      timed queries per (mode, clients) pair (default 100)
  --modes          search modes to time (default hybrid)
  --seed N         synthetic-data seed (default 42)
  --concurrency N  documents ingested at once (default 1 local model, 4 OpenAI)
  --analyze        run ANALYZE after ingest, before timing searches (default: measure the store
                   as ingest leaves it; PGlite has no autovacuum)
  --skip-baseline  do not run the LangChain + PGVectorStore baseline (postgres runs only)
  --skip-previous  do not also time the previous lexical design (GIN + MaxScore, no impact index)`

const BACKENDS = ['pglite', 'postgres'] as const
const MODES = ['hybrid', 'lexical', 'vector'] as const

function parse() {
  try {
    const { values } = parseArgs({
      options: {
        sizes: { type: 'string', default: '10000' },
        backends: { type: 'string' },
        clients: { type: 'string', default: '1,8' },
        queries: { type: 'string', default: '100' },
        modes: { type: 'string', default: 'hybrid' },
        seed: { type: 'string', default: '42' },
        concurrency: { type: 'string' },
        analyze: { type: 'boolean', default: false },
        'skip-baseline': { type: 'boolean', default: false },
        'skip-previous': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
    if (values.help) {
      console.log(USAGE)
      process.exit(0)
    }
    return {
      sizes: intList(values.sizes, '--sizes'),
      backends: values.backends ? choiceList<Backend>(values.backends, BACKENDS, '--backends') : undefined,
      clients: intList(values.clients, '--clients'),
      queries: positiveInt(values.queries, '--queries'),
      modes: choiceList<SearchMode>(values.modes, MODES, '--modes'),
      seed: positiveInt(values.seed, '--seed'),
      concurrency: values.concurrency ? positiveInt(values.concurrency, '--concurrency') : undefined,
      skipBaseline: values['skip-baseline'],
      previous: !values['skip-previous'],
      analyze: values.analyze,
    }
  } catch (error) {
    return usageError((error as Error).message, USAGE)
  }
}

/** Run one (backend, size) in a child process and read its JSON result. */
async function runChild(opts: PerfRunOptions, tmp: string): Promise<PerfRunResult> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'perf-run.ts')
  const out = path.join(tmp, `${opts.backend}-${opts.chunks}.json`)
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, JSON.stringify(opts), out], {
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    child.on('error', reject)
    child.on('exit', resolve)
  })
  if (code !== 0) throw new Error(`perf run exited with status ${code}`)
  return JSON.parse(await readFile(out, 'utf8')) as PerfRunResult
}

async function main(): Promise<void> {
  const args = parse()
  const config = loadConfig(process.env)
  const url = config.database.kind === 'postgres' ? config.database.url : undefined
  let backends: Backend[] = args.backends ?? (url ? ['pglite', 'postgres'] : ['pglite'])
  if (!url && backends.includes('postgres')) {
    console.log('postgres skipped: set DATABASE_URL to a PostgreSQL server with pgvector to benchmark it')
    backends = backends.filter((b) => b !== 'postgres')
  }
  if (backends.length === 0) return
  const embedder = await createEmbedder(config.embeddings)
  const concurrency = args.concurrency ?? (config.embeddings.provider === 'openai' ? 4 : 1)
  const common = {
    clients: args.clients,
    queries: args.queries,
    modes: args.modes,
    seed: args.seed,
    concurrency,
    baseline: !args.skipBaseline,
    analyze: args.analyze,
    previous: args.previous,
  }
  const loadStart = os.loadavg()[0]!
  const runs: PerfRunResult[] = []
  const failures: PerfReport['failures'] = []
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'fieldkb-perf-'))
  try {
    for (const chunks of [...args.sizes].sort((a, b) => a - b)) {
      for (const backend of backends) {
        console.error(`\n== ${backend}, ${chunks} chunks ==`)
        const opts: PerfRunOptions = {
          ...common,
          backend,
          chunks,
          ...(backend === 'postgres' && url ? { url } : {}),
        }
        try {
          runs.push(await runChild(opts, tmp))
        } catch (error) {
          failures.push({ backend, chunks, error: (error as Error).message })
          console.error(`${backend} ${chunks} failed: ${(error as Error).message}`)
        }
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
  const report: PerfReport = {
    kind: 'perf',
    date: new Date().toISOString(),
    git: gitInfo(),
    machine: machineInfo(),
    embedder: {
      provider: config.embeddings.provider,
      modelId: embedder.modelId,
      dimensions: embedder.dimensions,
    },
    settings: { ...common, sizes: args.sizes, backends },
    load: { start: loadStart, end: os.loadavg()[0]! },
    runs,
    failures,
  }
  console.log(`\n${ingestTable(runs)}\n\n${searchTable(runs)}\n`)
  const base = baselineTable(runs)
  if (base) console.log(`${base}\n`)
  // One file per backend set, so a PGlite run does not overwrite the PostgreSQL figures.
  const tag = backends.join('+')
  const written = await writeResults(`perf-${tag}`, `perf-${tag}-${today()}`, report, perfMarkdown(report))
  console.log(
    `results: ${path.relative(process.cwd(), written.json)}, ${path.relative(process.cwd(), written.markdown)}`,
  )
  if (failures.length > 0) process.exitCode = 1
}

main().catch((error) => {
  console.error(`bench:perf failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
