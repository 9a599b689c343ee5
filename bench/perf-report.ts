/** Rendering of `bench/perf.ts` results. */

import { describeMachine, type GitInfo, type MachineInfo } from './lib/machine.ts'
import { fmt, markdownTable, ratio } from './lib/results.ts'
import type { PerfRunOptions, PerfRunResult } from './perf-run.ts'

/** Everything a perf run records (written as JSON). */
export interface PerfReport {
  kind: 'perf'
  date: string
  git: GitInfo
  machine: MachineInfo
  embedder: { provider: string; modelId: string; dimensions: number }
  settings: Omit<PerfRunOptions, 'backend' | 'url' | 'chunks'> & { sizes: number[]; backends: string[] }
  runs: PerfRunResult[]
  /** 1-minute load average when the run started and ended (a shared machine skews every figure). */
  load?: { start: number; end: number }
  /** Runs that failed: backend, size and message. */
  failures: { backend: string; chunks: number; error: string }[]
}

const right = (n: number) => ['left', ...Array<'right'>(n).fill('right')] as ('left' | 'right')[]

/** Ingest throughput per run. */
export function ingestTable(runs: readonly PerfRunResult[]): string {
  const rows = runs.map((r) => [
    r.backend,
    String(r.store.chunks),
    String(r.store.documents),
    fmt(r.ingest.ms / 1000, 1),
    fmt(r.ingest.docsPerSec, 1),
    fmt(r.ingest.chunksPerSec, 1),
    String(r.rss.afterIngestMb),
    String(r.rss.peakMb),
  ])
  const header = ['backend', 'chunks', 'docs', 'ingest s', 'docs/s', 'chunks/s', 'RSS MiB', 'peak RSS MiB']
  return markdownTable(header, rows, right(7))
}

/** Search latency per run, mode and client count. */
export function searchTable(runs: readonly PerfRunResult[]): string {
  const rows = runs.flatMap((r) =>
    r.search.map((s) => [
      `${r.backend} ${r.store.chunks}`,
      s.mode,
      s.design ?? 'impact',
      String(s.clients),
      fmt(s.latency.p50, 1),
      fmt(s.latency.p95, 1),
      fmt(s.latency.p99, 1),
      fmt(s.qps, 1),
      s.errors ? String(s.errors) : '',
    ]),
  )
  const header = [
    'store (chunks)',
    'mode',
    'design',
    'clients',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'queries/s',
    'errors',
  ]
  return markdownTable(header, rows, [
    'left',
    'left',
    'left',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
  ])
}

/** fieldkb vs the LangChain baseline on the same documents and server, as ratios fieldkb / baseline. */
export function baselineTable(runs: readonly PerfRunResult[]): string | null {
  const rows: string[][] = []
  for (const r of runs) {
    const b = r.baseline
    if (!b) continue
    rows.push([
      `${r.backend} ${r.store.chunks}`,
      'ingest docs/s',
      fmt(r.ingest.docsPerSec, 1),
      fmt(b.ingest.docsPerSec, 1),
      ratio(r.ingest.docsPerSec, b.ingest.docsPerSec),
    ])
    rows.push([
      '',
      'ingest chunks/s',
      fmt(r.ingest.chunksPerSec, 1),
      fmt(b.ingest.chunksPerSec, 1),
      ratio(r.ingest.chunksPerSec, b.ingest.chunksPerSec),
    ])
    for (const l of b.latency) {
      const current = (s: PerfRunResult['search'][number]) => (s.design ?? 'impact') === 'impact'
      const f =
        r.search.find((s) => current(s) && s.mode === 'hybrid' && s.clients === l.clients) ??
        r.search.find((s) => current(s) && s.clients === l.clients)
      if (!f) continue
      for (const p of ['p50', 'p95'] as const) {
        rows.push([
          '',
          `${f.mode} ${p} ms, ${l.clients} client(s)`,
          fmt(f.latency[p], 1),
          fmt(l.summary[p], 1),
          ratio(f.latency[p], l.summary[p]),
        ])
      }
    }
  }
  if (rows.length === 0) return null
  return markdownTable(['store (chunks)', 'measure', 'fieldkb', 'LangChain', 'fieldkb / LangChain'], rows, [
    'left',
    'left',
    'right',
    'right',
    'right',
  ])
}

/** The full markdown report. */
export function perfMarkdown(r: PerfReport): string {
  const s = r.settings
  const lines = [
    '# Ingest and search performance (synthetic field notes)',
    '',
    `- date: ${r.date}; commit ${r.git.commit.slice(0, 12)}${r.git.dirty ? ' (uncommitted changes)' : ''}`,
    `- machine: ${describeMachine(r.machine)}${r.load ? `; load average ${r.load.start.toFixed(1)} at start, ${r.load.end.toFixed(1)} at end` : ''}`,
    `- embedder: ${r.embedder.modelId} (${r.embedder.provider}, ${r.embedder.dimensions} dimensions)`,
    `- data: deterministic synthetic field notes (seed ${s.seed}, Zipf-distributed words, topic clusters), ingested through \`ingestSource\` with concurrency ${s.concurrency} until the target chunk count`,
    `- search: \`search()\` k = 10, group \`document\`, no filter; ${s.queries} distinct queries per row after 5 warm-up queries; each store fresh, each run in its own process; ${s.analyze ? 'ANALYZE run after ingest' : 'no ANALYZE after ingest'}`,
    '',
    '## Ingest',
    '',
    ingestTable(r.runs),
    '',
    '## Search latency',
    '',
    searchTable(r.runs),
    '',
    'Design `impact`: candidates from the postings impact index (migration 011); `previous`: GIN candidates with MaxScore, the pre-011 candidate path, timed on the same store with the same kind of queries.',
    '',
  ]
  const base = baselineTable(r.runs)
  if (base) {
    lines.push(
      '## Against the LangChain baseline',
      '',
      'RecursiveCharacterTextSplitter (1,000 chars, 200 overlap) + PGVectorStore with an HNSW index, same embedder, same server; its search is vector-only `similaritySearch(q, 10)`. For latency, lower is better; for throughput, higher.',
      '',
      base,
      '',
    )
  }
  if (r.failures.length > 0) {
    lines.push('## Failed runs', '', ...r.failures.map((f) => `- ${f.backend} ${f.chunks}: ${f.error}`), '')
  }
  lines.push(
    'Peak RSS is the benchmark process only: it includes PGlite (which runs in-process) but not a PostgreSQL server.',
    '',
  )
  return lines.join('\n')
}
