import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestPaths } from '../ingest/run.ts'
import type { SearchFilter } from '../schemas/search.ts'
import { search } from '../search/index.ts'
import { DEFAULT_BM25, type LexicalHit, lexicalSearch } from '../search/lexical.ts'
import type { CandidateBudget } from '../search/postings.ts'
import { parseQuery } from '../search/query.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { localEmbedder } from './helpers/local-embedder.ts'
import { writeWordCorpus } from './helpers/word-corpus.ts'

/** Reads every posting list whole: the impact path is then exhaustive. */
const EXHAUSTIVE: CandidateBudget = { perTerm: 1_000_000, rescore: 1_000_000, maxTerms: 1_000 }
/** So small that every list is cut: forces the fallback whenever a filter or phrase bites. */
const TINY: CandidateBudget = { perTerm: 1, rescore: 2, maxTerms: 2 }
/** MaxScore without the common-term shortcut: the GIN path is exact too. */
const EXACT_BM25 = { ...DEFAULT_BM25, candidateDfLimit: 1 }

interface RefChunk {
  id: number
  customer: string
  len: number
  tf: Map<string, { n: number; a: number; b: number }>
}

/** BM25 written out the long way: every chunk, every term, in JavaScript. */
function referenceRank(chunks: RefChunk[], terms: string[], keep: (c: RefChunk) => boolean, limit: number) {
  const o = DEFAULT_BM25
  const n = chunks.length
  const avgdl = chunks.reduce((s, c) => s + c.len, 0) / n
  const scored: LexicalHit[] = []
  for (const c of chunks) {
    if (!keep(c)) continue
    let score = 0
    let matched = false
    for (const term of new Set(terms)) {
      const t = c.tf.get(term)
      if (!t) continue
      matched = true
      const df = chunks.filter((x) => x.tf.has(term)).length
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5))
      const tf = t.n + (o.titleWeight - 1) * t.a + (o.headingWeight - 1) * t.b
      score += (idf * tf * (o.k1 + 1)) / (tf + o.k1 * (1 - o.b + (o.b * c.len) / avgdl))
    }
    if (matched) scored.push({ id: c.id, documentId: 0, score })
  }
  return scored.sort((x, y) => y.score - x.score || x.id - y.id).slice(0, limit)
}

describe('lexical search over the postings index', () => {
  let t: TestDb
  let dir: string
  let chunks: RefChunk[]

  const analyse = async (text: string) =>
    (
      await t.db.query<{ terms: string[] }>(
        "SELECT tsvector_to_array(to_tsvector('english', $1::text)) AS terms",
        [text],
      )
    )[0]!.terms
  const matching = async (constraint: string) =>
    new Set(
      (
        await t.db.query<{ id: number }>(
          "SELECT id FROM chunks WHERE tsv @@ websearch_to_tsquery('english', $1)",
          [constraint],
        )
      ).map((r) => Number(r.id)),
    )
  const reference = async (q: string, filter: SearchFilter = {}, limit = 10) => {
    const parsed = parseQuery(q)
    const allowed = parsed.constraint ? await matching(parsed.constraint) : null
    const customers = filter.customers?.map((c) => c.toLowerCase())
    return referenceRank(
      chunks,
      await analyse(parsed.rankText),
      (c) => (!allowed || allowed.has(c.id)) && (!customers || customers.includes(c.customer)),
      limit,
    )
  }
  const run = (q: string, filter: SearchFilter, budget: CandidateBudget | null, bm25 = DEFAULT_BM25) =>
    lexicalSearch(t.db, parseQuery(q), filter, 10, bm25, budget)
  const ids = (hits: LexicalHit[]) => hits.map((h) => Number(h.id))
  const expectExactScores = (hits: LexicalHit[], ref: LexicalHit[]) => {
    const truth = new Map(ref.map((h) => [h.id, h.score]))
    for (const h of hits) expect(h.score).toBeCloseTo(truth.get(Number(h.id))!, 9)
  }

  beforeAll(async () => {
    t = await freshDb()
    dir = mkdtempSync(path.join(tmpdir(), 'fieldkb-lexical-'))
    writeWordCorpus(dir, ['alpha', 'bravo', 'charlie', 'delta'], 20, 11)
    const summary = await ingestPaths([dir], {
      db: t.db,
      embedder: localEmbedder(),
      options: { maxFileBytes: 1 << 20, chunkTokens: 60, chunkOverlap: 10, redactIpv4: false },
    })
    expect(summary.failed).toBe(0)
    const rows = await t.db.query<{
      id: number
      customer: string
      len: number
      lexeme: string
      positions: number[]
      weights: string[]
    }>(
      `SELECT c.id, lower(d.customer) AS customer, c.token_count AS len, u.lexeme,
              u.positions::int[] AS positions, u.weights
       FROM chunks c JOIN documents d ON d.id = c.document_id, unnest(c.tsv) AS u`,
    )
    const byId = new Map<number, RefChunk>()
    for (const r of rows) {
      const id = Number(r.id)
      let c = byId.get(id)
      if (!c) {
        c = { id, customer: r.customer, len: r.len, tf: new Map() }
        byId.set(id, c)
      }
      c.tf.set(r.lexeme, {
        n: r.positions.length,
        a: r.weights.filter((w) => w === 'A').length,
        b: r.weights.filter((w) => w === 'B').length,
      })
    }
    chunks = [...byId.values()]
  }, 120_000)
  afterAll(async () => {
    await t?.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  const QUERIES = [
    'gateway timeout retry',
    'replica lag after failover drift',
    'vault secret rotation expiry',
  ]

  it.each(QUERIES)(
    'ranks "%s" exactly as a reference BM25 over every chunk, on both candidate paths',
    async (q) => {
      const ref = await reference(q)
      expect(ref).toHaveLength(10)
      for (const hits of [await run(q, {}, EXHAUSTIVE), await run(q, {}, null, EXACT_BM25)]) {
        expect(ids(hits)).toEqual(ids(ref))
        expectExactScores(hits, ref)
      }
    },
  )

  it.each(QUERIES)('scores every hit of "%s" exactly even when a small budget cuts the lists', async (q) => {
    const hits = await run(q, {}, { perTerm: 20, rescore: 30, maxTerms: 32 })
    const all = await reference(q, {}, chunks.length)
    expect(hits).toHaveLength(10)
    expectExactScores(hits, all)
  })

  it('still returns k hits, all from the customer, under a selective filter when the lists are cut', async () => {
    const filter = { customers: ['Customer delta'] }
    const ref = await reference('gateway timeout retry', filter)
    expect(ref).toHaveLength(10)
    const hits = await run('gateway timeout retry', filter, TINY, EXACT_BM25)
    expect(ids(hits)).toEqual(ids(ref))
    expectExactScores(hits, ref)
  })

  it('keeps "phrases" required and -exclusions out when the lists are cut', async () => {
    const q = '"gateway latency" retry -deadlock'
    const ref = await reference(q)
    const allowed = await matching('"gateway latency" -deadlock')
    expect(ref.length).toBeGreaterThan(0)
    const hits = await run(q, {}, TINY, EXACT_BM25)
    expect(ids(hits)).toEqual(ids(ref))
    for (const id of ids(hits)) expect(allowed.has(id)).toBe(true)
    const quick = await run(q, {}, { perTerm: 20, rescore: 30, maxTerms: 32 })
    for (const id of ids(quick)) expect(allowed.has(id)).toBe(true)
  })

  it('answers a 500-term query with exactly scored lexical hits', async () => {
    const words = 'timeout retry gateway latency quota token cache index replica shard'.split(' ')
    const q = Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? words[i % words.length] : `zq${i}x`)).join(
      ' ',
    )
    const hits = await run(q, {}, { perTerm: 200, rescore: 300, maxTerms: 32 })
    const all = await reference(q, {}, chunks.length)
    expect(hits).toHaveLength(10)
    expectExactScores(hits, all)
    // Through search() too: as many tokens as the 1,000-character request limit allows (497).
    const singles = 'bcdefghjkmnopqruvwxyz0123456789'
    const short = ['gateway', ...Array.from({ length: 496 }, (_, i) => singles[i % singles.length])]
    expect(short.join(' ').length).toBeLessThanOrEqual(1000)
    const res = await search(
      { db: t.db, embedder: localEmbedder() },
      { q: short.join(' '), k: 5, mode: 'hybrid' },
    )
    expect(res.hits).toHaveLength(5)
    expect(res.hits.filter((h) => h.lexicalRank !== null)).toHaveLength(5)
  })

  it('treats tsquery operators and stray punctuation in a query as plain words', async () => {
    const q = `(gateway) && || !! :* <-> \\ ' ; -- /* */ timeout:* retry's "unbalanced`
    const ref = await reference(q)
    expect(ref).toHaveLength(10)
    const hits = await run(q, {}, EXHAUSTIVE)
    expect(ids(hits)).toEqual(ids(ref))
    const res = await search({ db: t.db, embedder: localEmbedder() }, { q, k: 5, mode: 'lexical' })
    expect(res.hits).toHaveLength(5)
  })

  it('keeps postings in step with the chunks when documents are replaced', async () => {
    writeWordCorpus(dir, ['alpha'], 20, 12)
    const again = await ingestPaths([dir], {
      db: t.db,
      embedder: localEmbedder(),
      options: { maxFileBytes: 1 << 20, chunkTokens: 60, chunkOverlap: 10, redactIpv4: false },
    })
    expect(again.updated).toBe(20)
    const [row] = await t.db.query<{ missing: number; extra: number }>(
      `SELECT
         (SELECT count(*)::int FROM chunks c, unnest(c.tsv) u
            WHERE NOT EXISTS (SELECT 1 FROM postings p WHERE p.chunk_id = c.id AND p.term = u.lexeme)) AS missing,
         (SELECT count(*)::int FROM postings p WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = p.chunk_id)) AS extra`,
    )
    expect(row).toEqual({ missing: 0, extra: 0 })
  })
})
