/**
 * `npm run bench:ask`: for every keyed corpus (the sample, `../shared/corpora-keyed/*`), ingest it
 * into a fresh PGlite with the local embedder, refresh insights, and ask every graded query plus
 * generic off-topic ones. Prints the share of queries whose answer cites a grade-2 document,
 * citation precision (cited documents judged relevant), the no-match rate on off-topic queries and
 * on graded ones, and the offline p50 time above the search itself. `--sweep` tries several
 * coverage thresholds for both coverage units (`ask-sweep-<date>.*`). Results go to
 * `bench/results/ask-<date>.{json,md}`.
 */
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { type ConfidenceThresholds, DEFAULT_THRESHOLDS } from '../answer/confidence.ts'
import { ask } from '../answer/index.ts'
import { LocalSifEmbeddings } from '../embeddings/local.ts'
import { ingestPaths } from '../ingest/run.ts'
import { refreshInsights } from '../insights/refresh.ts'
import { search } from '../search/index.ts'
import type { Db } from '../storage/db.ts'
import { discoverCorpora, type KeyedCorpus } from './lib/keyed.ts'
import { repoRoot, sharedDir } from './lib/paths.ts'
import { markdownTable, today, writeResults } from './lib/results.ts'
import { openBenchStore } from './lib/store.ts'
import { percentile } from './lib/timer.ts'

const OPTIONS = { maxFileBytes: 1024 * 1024, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
const embedder = () => new LocalSifEmbeddings({ cacheDir: path.join(os.tmpdir(), 'fieldkb-test-glove') })

/** Generic questions no field-notes corpus of an FDE team should answer. */
export const OFF_TOPIC = [
  'xyzzy frobnicate',
  'best sourdough bread recipe with a long cold proof',
  'how many goals did the home team score in the final',
  'what is the capital of Australia',
  'knitting pattern for a wool scarf',
  'recommend a good science fiction novel to read on holiday',
  'how do I repot an orchid without killing it',
  'lyrics of a famous song about the sea',
  'when do cherry trees blossom in spring',
  'cheapest flights to a beach resort in August',
  'how to train a puppy to sit and stay',
  'history of the Roman empire in three sentences',
  'what wine goes with grilled salmon',
  'marathon training plan for beginners',
  'how to remove red wine stains from a carpet',
  'chess opening for black against the king pawn',
  'horoscope for next week',
  'quantum chromodynamics gluon confinement lecture',
  'fix a squeaky bicycle brake',
  'qwerty asdf zxcv lorem ipsum',
  'what should I cook for dinner tonight',
  'tallest mountain in South America',
]

interface GradedQuery {
  id: string
  text: string
  grades: Map<string, number>
}

/** Graded queries of a corpus: `key/queries.jsonl` + `qrels.tsv`, or the sample README's patterns. */
function gradedQueries(key: KeyedCorpus): GradedQuery[] {
  const keyDir = path.join(path.dirname(key.root), 'key')
  if (existsSync(path.join(keyDir, 'queries.jsonl'))) {
    const grades = new Map<string, Map<string, number>>()
    for (const line of readFileSync(path.join(keyDir, 'qrels.tsv'), 'utf8').split(/\r?\n/).slice(1)) {
      const [q, doc, g] = line.split('\t')
      if (!q || !doc) continue
      if (!grades.has(q)) grades.set(q, new Map())
      grades.get(q)!.set(doc, Number(g))
    }
    return readFileSync(path.join(keyDir, 'queries.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { id: string; text: string })
      .filter((q) => grades.has(q.id))
      .map((q) => ({ id: q.id, text: q.text, grades: grades.get(q.id)! }))
  }
  // The sample's key: a pattern's description is the question; primaries grade 2, mentions 1.
  const readme = readFileSync(path.join(path.dirname(key.root), 'README.md'), 'utf8')
  const descriptions = new Map(
    [...readme.matchAll(/^\| (P\d) \| ([^|]+) \| [^|]+ \| [^|]+ \|$/gm)].map((m) => [m[1]!, m[2]!]),
  )
  return key.patterns.map((p) => ({
    id: p.id,
    text: (descriptions.get(p.id) ?? p.id).replace(/[`*]/g, '').trim(),
    grades: new Map([...p.mentions.map((d) => [d, 1] as const), ...p.docs.map((d) => [d, 2] as const)]),
  }))
}

interface QueryResult {
  id: string
  noMatch: boolean
  signal: string
  coverage: number
  cited: string[]
  citesGrade2: boolean
  relevantCited: number
  overheadMs: number
  searchMs: number
  totalMs: number
}

async function runQueries(db: Db, queries: GradedQuery[], thresholds: ConfidenceThresholds) {
  const deps = { db, embedder: embedder() }
  const out: QueryResult[] = []
  for (const q of queries) {
    // The search alone, as ask runs it, to measure what the answer adds on top.
    const s0 = performance.now()
    await search(deps, { q: q.text, k: 40, group: 'chunk' })
    const searchOnly = performance.now() - s0
    const a0 = performance.now()
    const a = await ask(deps, { q: q.text }, { thresholds })
    const total = performance.now() - a0
    const cited = [...new Set(a.citations.map((c) => c.sourcePath))]
    out.push({
      id: q.id,
      noMatch: a.confidence.noMatch,
      signal: a.confidence.signal,
      coverage: a.confidence.termCoverage,
      cited,
      citesGrade2: cited.some((d) => q.grades.get(d) === 2),
      relevantCited: cited.filter((d) => (q.grades.get(d) ?? 0) > 0).length,
      // What the answer adds: ask's own total minus the search inside it (same run, same caches).
      overheadMs: Math.max(0, a.tookMs - a.searchMs),
      searchMs: searchOnly,
      totalMs: total,
    })
  }
  return out
}

function summarise(name: string, graded: QueryResult[], offTopic: QueryResult[], minCoverage: number) {
  const cited = graded.reduce((n, r) => n + r.cited.length, 0)
  const relevant = graded.reduce((n, r) => n + r.relevantCited, 0)
  return {
    corpus: name,
    minCoverage,
    queries: graded.length,
    citesGrade2: graded.filter((r) => r.citesGrade2).length / Math.max(1, graded.length),
    citationPrecision: cited === 0 ? 0 : relevant / cited,
    gradedNoMatch: graded.filter((r) => r.noMatch).length / Math.max(1, graded.length),
    offTopic: offTopic.length,
    offTopicNoMatch: offTopic.filter((r) => r.noMatch).length / Math.max(1, offTopic.length),
    p50OverheadMs: percentile(
      [...graded, ...offTopic].map((r) => r.overheadMs),
      50,
    ),
    p50SearchMs: percentile(
      [...graded, ...offTopic].map((r) => r.searchMs),
      50,
    ),
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      sweep: { type: 'boolean', default: false },
      unit: { type: 'string', default: DEFAULT_THRESHOLDS.unit },
    },
  })
  const units: ('chunk' | 'document')[] = values.sweep
    ? ['chunk', 'document']
    : [values.unit === 'document' ? 'document' : 'chunk']
  const corpora = discoverCorpora(
    path.join(repoRoot, 'examples', 'corpus'),
    path.join(sharedDir, 'corpora-keyed'),
  )
  const levels = values.sweep ? [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7] : [DEFAULT_THRESHOLDS.minCoverage]
  const rows: (ReturnType<typeof summarise> & { unit: string })[] = []
  const details: Record<string, unknown> = {}
  for (const key of corpora) {
    const store = await openBenchStore({ backend: 'pglite' })
    try {
      await ingestPaths([key.root], { db: store.db, embedder: embedder(), options: OPTIONS })
      await refreshInsights(store.db)
      const queries = gradedQueries(key)
      const off = OFF_TOPIC.map((text, i) => ({ id: `off${i + 1}`, text, grades: new Map() }))
      // Warm-up: the embedder cache and the first plan of every statement.
      await ask({ db: store.db, embedder: embedder() }, { q: queries[0]?.text ?? 'warm up' })
      for (const unit of units) {
        for (const minCoverage of levels) {
          const t = { ...DEFAULT_THRESHOLDS, minCoverage, unit } as const
          const graded = await runQueries(store.db, queries, t)
          const offTopic = await runQueries(store.db, off, t)
          rows.push({ ...summarise(key.name, graded, offTopic, minCoverage), unit })
          if (minCoverage === DEFAULT_THRESHOLDS.minCoverage && unit === DEFAULT_THRESHOLDS.unit)
            details[key.name] = { graded, offTopic }
        }
      }
    } finally {
      await store.dispose()
    }
  }
  const pct = (x: number) => `${(x * 100).toFixed(0)} %`
  const md = markdownTable(
    [
      'corpus',
      'unit',
      'min coverage',
      'queries',
      'cite grade-2',
      'citation precision',
      'graded no-match',
      'off-topic no-match',
      'p50 above search',
      'p50 search',
    ],
    rows.map((r) => [
      r.corpus,
      r.unit,
      r.minCoverage.toFixed(2),
      String(r.queries),
      pct(r.citesGrade2),
      r.citationPrecision.toFixed(2),
      pct(r.gradedNoMatch),
      `${pct(r.offTopicNoMatch)} of ${r.offTopic}`,
      `${r.p50OverheadMs.toFixed(1)} ms`,
      `${r.p50SearchMs.toFixed(1)} ms`,
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  )
  const text = `# bench:ask — ${today()}\n\nGoals: ≥ 80 % cite a grade-2 document, precision ≥ 0.7, ≥ 90 % off-topic no-match, p50 ≤ 50 ms above search.\n\n${md}\n`
  console.log(text)
  const kind = values.sweep ? 'ask-sweep' : 'ask'
  const written = await writeResults(kind, `${kind}-${today()}`, { rows, details }, text)
  console.log(`wrote ${written.json}`)
}

await main()
