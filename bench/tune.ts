/**
 * `npm run bench:tune -- --reuse <store> [--split train]`: choose fusion weights (and check BM25
 * field boosts) on a BEIR split by measurement. Lexical and vector candidate lists are fetched
 * once per query; fusion variants are then scored offline with the same `fuse()` search uses.
 * Tune on `train`, report on `test` (bench/quality.ts).
 */
import { parseArgs } from 'node:util'
import { loadConfig } from '../config/load.ts'
import { createEmbedder } from '../embeddings/index.ts'
import { type FusionOptions, fuse } from '../search/fuse.ts'
import { type Bm25Options, DEFAULT_BM25, lexicalSearch } from '../search/lexical.ts'
import { parseQuery } from '../search/query.ts'
import { knn } from '../storage/knn.ts'
import { loadBeir } from './beir.ts'
import { defaultScifactDir } from './lib/paths.ts'
import { docIdFromSourcePath } from './lib/search.ts'
import { openBenchStore } from './lib/store.ts'
import { meanMetric, ndcgAtK } from './metrics.ts'

const { values } = parseArgs({
  options: {
    reuse: { type: 'string' },
    split: { type: 'string', default: 'train' },
    limit: { type: 'string' },
    'fusion-only': { type: 'boolean', default: false },
    'candidates-only': { type: 'boolean', default: false },
  },
})
if (!values.reuse)
  throw new Error('--reuse <pglite dir | postgres db name> of a store built by bench:quality is required')
const config = loadConfig(process.env)
const data = await loadBeir(defaultScifactDir, values.split)
const store = await openBenchStore({
  backend: config.database.kind,
  url: config.database.kind === 'postgres' ? config.database.url : undefined,
  reuse: values.reuse,
})
const embedder = await createEmbedder(config.embeddings)
const docOf = new Map(
  (
    await store.db.query<{ id: number; p: string }>(
      'SELECT c.id, d.source_path AS p FROM chunks c JOIN documents d ON d.id = c.document_id',
    )
  ).map((r) => [r.id, docIdFromSourcePath(r.p)]),
)
const queries = data.queries.slice(0, values.limit ? Number(values.limit) : undefined)
const POOL = 100

async function lists(bm25: Bm25Options, withVector: boolean) {
  const out = new Map<
    string,
    { lex: { id: number; score: number }[]; vec: { id: number; score: number }[] }
  >()
  for (const q of queries) {
    const parsed = parseQuery(q.text.slice(0, 1000))
    const lex = await lexicalSearch(store.db, parsed, {}, POOL, bm25)
    const vec = withVector
      ? (await knn(store.db, await embedder.embedQuery(parsed.rankText), POOL)).map((h) => ({
          id: h.chunkId,
          score: 1 - h.distance,
        }))
      : []
    out.set(q.id, { lex, vec })
  }
  return out
}

function ndcg(
  run: Map<string, { lex: { id: number; score: number }[]; vec: { id: number; score: number }[] }>,
  f: FusionOptions,
) {
  const ranked = new Map<string, string[]>()
  for (const [qid, l] of run) {
    const docs: string[] = []
    for (const h of fuse(l.lex, l.vec, f)) {
      const d = docOf.get(h.id)!
      if (!docs.includes(d)) docs.push(d)
    }
    ranked.set(qid, docs)
  }
  return meanMetric(ranked, data.qrels, ndcgAtK, 10).mean
}

if (values['candidates-only']) {
  for (const candidateDfLimit of [0.05, 0.02, 0.01]) {
    const started = performance.now()
    const run = await lists({ ...DEFAULT_BM25, candidateDfLimit }, false)
    const ms = (performance.now() - started) / queries.length
    console.log(
      `candidateDfLimit ${candidateDfLimit}: nDCG@10 ${ndcg(run, { method: 'weighted', vectorWeight: 0, rrfK: 60 }).toFixed(4)}, ${ms.toFixed(1)} ms/query`,
    )
  }
  await store.dispose()
  process.exit(0)
}
const base = await lists(DEFAULT_BM25, true)
const lexOnly: FusionOptions = { method: 'weighted', vectorWeight: 0, rrfK: 60 }
console.log(
  `split ${values.split}, ${queries.length} queries; lexical only nDCG@10 ${ndcg(base, lexOnly).toFixed(4)}`,
)
for (const method of ['weighted', 'rrf'] as const) {
  for (const w of [0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1]) {
    for (const k of method === 'rrf' ? [10, 60] : [60]) {
      console.log(
        `${method} w=${w}${method === 'rrf' ? ` k=${k}` : ''}: ${ndcg(base, { method, vectorWeight: w, rrfK: k }).toFixed(4)}`,
      )
    }
  }
}
for (const variant of values['fusion-only']
  ? []
  : [
      { ...DEFAULT_BM25, titleWeight: 1, headingWeight: 1 },
      { ...DEFAULT_BM25, titleWeight: 3 },
      { ...DEFAULT_BM25, k1: 0.9, b: 0.4 },
      { ...DEFAULT_BM25, k1: 1.5 },
      { ...DEFAULT_BM25, b: 0.9 },
    ]) {
  const run = await lists(variant, false)
  console.log(`BM25 ${JSON.stringify(variant)}: ${ndcg(run, lexOnly).toFixed(4)}`)
}
await store.dispose()
