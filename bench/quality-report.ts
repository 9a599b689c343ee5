/** Rendering of `bench/quality.ts` results: the per-mode table, the baseline ratios and the published anchors. */

import type { IngestStats } from './lib/ingest.ts'
import { describeMachine, type GitInfo, type MachineInfo } from './lib/machine.ts'
import { fmt, markdownTable, ratio } from './lib/results.ts'
import type { LatencySummary } from './lib/timer.ts'
import type { RunScores } from './metrics.ts'
import type { ModeResult } from './quality-run.ts'

/** A published nDCG@10 on BEIR SciFact (test, 300 queries) to read our numbers against. */
export interface Anchor {
  system: string
  ndcg10: number
  source: string
}

/** Published SciFact anchors (see `../shared/benchmarks/scifact/SOURCE.md` for provenance). */
export const SCIFACT_ANCHORS: readonly Anchor[] = [
  { system: 'BM25 (BEIR paper, Elasticsearch)', ndcg10: 0.665, source: 'Thakur et al. 2021, BEIR, Table 2' },
  { system: 'BM25 (Anserini, flat)', ndcg10: 0.679, source: 'castorini/anserini BEIR regressions' },
  { system: 'BM25 (Elasticsearch)', ndcg10: 0.69, source: 'project reference figure' },
  { system: 'PostgreSQL ts_rank', ndcg10: 0.569, source: 'project reference figure' },
  { system: 'all-MiniLM-L6-v2', ndcg10: 0.645, source: 'MTEB legacy leaderboard' },
  { system: 'bge-small-en-v1.5', ndcg10: 0.713, source: 'MTEB legacy leaderboard' },
  { system: 'OpenAI text-embedding-3-small', ndcg10: 0.734, source: 'MTEB legacy leaderboard' },
]

/** The LangChain baseline's scores on the same queries. */
export interface BaselineScores extends RunScores {
  system: string
  ingest: { docs: number; chunks: number; ms: number; docsPerSec: number; chunksPerSec: number }
  latency: LatencySummary
}

/** Everything a quality run records (written as JSON). */
export interface QualityReport {
  kind: 'quality'
  dataset: string
  split: string
  date: string
  git: GitInfo
  machine: MachineInfo
  embedder: { provider: string; modelId: string; dimensions: number }
  backend: string
  store: { location: string; reused: boolean; analyzed: boolean }
  corpus: { docs: number }
  queries: number
  ingest: IngestStats
  modes: ModeResult[]
  baseline: BaselineScores | null
  baselineSkipped?: string
  anchors: readonly Anchor[]
}

/** The scores table printed to the terminal and written to the markdown report. */
export function scoresTable(report: QualityReport): string {
  const rows = report.modes.map((m) => [
    `fieldkb ${m.mode}`,
    fmt(m.ndcg10),
    fmt(m.recall10),
    fmt(m.recall100),
    fmt(m.mrr10),
    fmt(m.latency.p50, 1),
    m.errors ? String(m.errors) : '',
  ])
  const b = report.baseline
  if (b) {
    rows.push([
      'LangChain baseline',
      fmt(b.ndcg10),
      fmt(b.recall10),
      fmt(b.recall100),
      fmt(b.mrr10),
      fmt(b.latency.p50, 1),
      '',
    ])
    for (const m of report.modes) {
      rows.push([
        `ratio ${m.mode} / baseline`,
        ratio(m.ndcg10, b.ndcg10),
        ratio(m.recall10, b.recall10),
        ratio(m.recall100, b.recall100),
        ratio(m.mrr10, b.mrr10),
        ratio(m.latency.p50, b.latency.p50),
        '',
      ])
    }
  }
  const header = ['system', 'nDCG@10', 'R@10', 'R@100', 'MRR@10', 'p50 ms', 'errors']
  return markdownTable(header, rows, ['left', 'right', 'right', 'right', 'right', 'right', 'right'])
}

/** The published anchors as a table. */
export function anchorsTable(anchors: readonly Anchor[]): string {
  return markdownTable(
    ['published system', 'nDCG@10', 'source'],
    anchors.map((a) => [a.system, fmt(a.ndcg10), a.source]),
    ['left', 'right', 'left'],
  )
}

/** The full markdown report. */
export function qualityMarkdown(r: QualityReport): string {
  const ing = r.ingest
  const lines = [
    `# Retrieval quality: ${r.dataset} (${r.split}, ${r.queries} queries)`,
    '',
    `- date: ${r.date}; commit ${r.git.commit.slice(0, 12)}${r.git.dirty ? ' (uncommitted changes)' : ''}`,
    `- machine: ${describeMachine(r.machine)}`,
    `- embedder: ${r.embedder.modelId} (${r.embedder.provider}, ${r.embedder.dimensions} dimensions); backend: ${r.backend}`,
    `- corpus: ${r.corpus.docs} documents ingested through the normal pipeline as \`<id>.md\` (${r.store.reused ? 'reused store' : 'fresh store'})`,
    `- ingest: ${ing.written} written, ${ing.unchanged} unchanged, ${ing.failed} failed, ${ing.chunks} chunks in ${(ing.ms / 1000).toFixed(1)} s (${ing.docsPerSec.toFixed(0)} docs/s, ${ing.chunksPerSec.toFixed(0)} chunks/s)`,
    `- search: \`search()\` with group \`document\`, k = 100, no filter, one query at a time${r.store.analyzed ? ', after ANALYZE' : ''}`,
    '',
    scoresTable(r),
    '',
  ]
  if (r.baseline) {
    const b = r.baseline
    lines.push(
      `Baseline: ${b.system}, chunks of 1,000 characters with 200 overlap, same embedder, same server; \`similaritySearch(q, 100)\` de-duplicated to documents. Ingest ${b.ingest.docsPerSec.toFixed(0)} docs/s, ${b.ingest.chunksPerSec.toFixed(0)} chunks/s (${b.ingest.chunks} chunks); search p95 ${fmt(b.latency.p95, 1)} ms.`,
      '',
    )
  } else if (r.baselineSkipped) {
    lines.push(`Baseline: skipped (${r.baselineSkipped}).`, '')
  }
  if (r.dataset === 'scifact')
    lines.push('Published anchors (SciFact test, nDCG@10):', '', anchorsTable(r.anchors), '')
  return lines.join('\n')
}
