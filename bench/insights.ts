/**
 * `npm run bench:insights`: for every keyed corpus found (the sample, `../shared/corpora-keyed/*`),
 * ingest it into a fresh PGlite with the local embedder, refresh insights, build the digest of the
 * key's week, and print date accuracy, pattern recall and spurious count, trend accuracy, edge-case
 * recall and precision, and digest expectations met. Results go to `bench/results/insights-<date>.*`.
 * `--sanity <dir> [--customer-key company]` adds a run on an unkeyed corpus (counts only).
 */

import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { buildDigest } from '../digest/build.ts'
import { periodLabel } from '../digest/period.ts'
import { LocalSifEmbeddings } from '../embeddings/local.ts'
import { ingestPaths } from '../ingest/run.ts'
import { refreshInsights } from '../insights/refresh.ts'
import { evaluateStore, type InsightScore } from './lib/insight-eval.ts'
import { discoverCorpora, type KeyedCorpus } from './lib/keyed.ts'
import { repoRoot, sharedDir } from './lib/paths.ts'
import { markdownTable, today, writeResults } from './lib/results.ts'
import { openBenchStore } from './lib/store.ts'

const OPTIONS = { maxFileBytes: 1024 * 1024, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }

const embedder = () => new LocalSifEmbeddings({ cacheDir: path.join(os.tmpdir(), 'fieldkb-test-glove') })

async function run(key: KeyedCorpus): Promise<InsightScore & { refreshMs: number }> {
  const store = await openBenchStore({ backend: 'pglite' })
  try {
    const summary = await ingestPaths([key.root], { db: store.db, embedder: embedder(), options: OPTIONS })
    if (summary.failed > 0) console.error(`${key.name}: ${summary.failed} documents failed to ingest`)
    const refreshed = await refreshInsights(store.db)
    const score = await evaluateStore(store.db, key, {
      digest: (from, to) =>
        buildDigest(store.db, {
          period: { from, to, timezone: 'UTC', label: periodLabel(from, to) },
          publicUrl: 'http://localhost',
        }),
    })
    return { ...score, refreshMs: refreshed.durationMs }
  } finally {
    await store.dispose()
  }
}

async function sanity(dir: string) {
  const store = await openBenchStore({ backend: 'pglite' })
  try {
    const summary = await ingestPaths([dir], { db: store.db, embedder: embedder(), options: OPTIONS })
    const r = await refreshInsights(store.db)
    return {
      corpus: path.basename(dir),
      documents: summary.added + summary.updated,
      patterns: r.patterns.length,
      edgeCases: r.edgeCases.length,
      refreshMs: r.durationMs,
      top: r.patterns.slice(0, 8).map((p) => `${p.label} (${p.customerCount} customers, ${p.trend})`),
    }
  } finally {
    await store.dispose()
  }
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${a}/${b}`)

function table(scores: (InsightScore & { refreshMs: number })[]): string {
  return markdownTable(
    [
      'corpus',
      'dates',
      'recall',
      'reported',
      'spurious',
      'hard neg. in',
      'trends',
      'edge recall',
      'edge precision',
      'digest',
    ],
    scores.map((s) => [
      s.corpus,
      pct(s.dates.right, s.dates.total),
      pct(s.recovered, s.planted.length),
      String(s.reported),
      String(s.spurious),
      String(s.hardNegativesIn),
      pct(s.trends.right, s.trends.total),
      pct(s.edges.recalled, s.edges.planted),
      pct(s.edges.real, s.edges.listed),
      s.digest ? pct(s.digest.met, s.digest.total) : '–',
    ]),
  )
}

function details(s: InsightScore): string {
  const rows = s.planted.map((p) => [
    p.id,
    p.recovered ? 'yes' : 'no',
    `${p.customersFound}/${p.customers}`,
    String(p.hardNegativesIn),
    p.expectedTrend ?? '–',
    p.trend ?? '–',
  ])
  const lines = [
    `### ${s.corpus}`,
    '',
    markdownTable(['planted', 'recovered', 'customers', 'hard neg.', 'expected', 'reported'], rows),
  ]
  if (s.digest) lines.push('', ...s.digest.checks.map((c) => `- [${c.ok ? 'x' : ' '}] ${c.name}`))
  return lines.join('\n')
}

async function main() {
  const { values } = parseArgs({ options: { sanity: { type: 'string' }, 'no-write': { type: 'boolean' } } })
  const corpora = discoverCorpora(
    path.join(repoRoot, 'examples/corpus'),
    path.join(sharedDir, 'corpora-keyed'),
  )
  const scores = []
  for (const key of corpora) scores.push(await run(key))
  const sane = values.sanity ? await sanity(path.resolve(values.sanity)) : null
  const md = [
    `# Insight benchmark (${today()})`,
    '',
    'Command: `npm run bench:insights`. Matching rule: bench/lib/insight-eval.ts.',
    '',
    table(scores),
    '',
    ...scores.map(details),
    ...(sane
      ? [
          '',
          `### sanity: ${sane.corpus}`,
          '',
          `${sane.documents} documents, ${sane.patterns} patterns, ${sane.edgeCases} edge cases, refresh ${sane.refreshMs} ms`,
          '',
          ...sane.top.map((t) => `- ${t}`),
        ]
      : []),
    '',
  ].join('\n')
  console.log(md)
  if (!values['no-write']) {
    const written = await writeResults('insights', `insights-${today()}`, { scores, sanity: sane }, md)
    console.error(`wrote ${written.json} and ${written.markdown}`)
  }
}

await main()
