import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BeirDataset } from '../bench/beir.ts'
import { ingestBeir, runMode } from '../bench/quality-run.ts'
import { HashingEmbeddings } from '../embeddings/hashing.ts'
import { search } from '../search/index.ts'
import { freshDb, type TestDb } from './helpers/db.ts'

const data: BeirDataset = {
  name: 'tiny',
  split: 'test',
  corpus: [
    {
      id: 'd1',
      title: 'Vitamin D and bone density',
      text: 'Vitamin D supplements increase bone density in older adults.',
    },
    { id: 'd2', title: 'Sleep and memory', text: 'Deep sleep consolidates long-term memory in rodents.' },
    { id: 'd3', title: 'Statins', text: 'Statins lower cholesterol and reduce cardiovascular events.' },
  ],
  queries: [
    { id: 'q1', text: 'vitamin D improves bone density' },
    { id: 'q2', text: 'sleep consolidates memory' },
  ],
  qrels: new Map([
    ['q1', new Map([['d1', 1]])],
    ['q2', new Map([['d2', 1]])],
  ]),
}

let store: TestDb
const embedder = new HashingEmbeddings(64)
const options = { maxFileBytes: 1_000_000, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }

beforeAll(async () => {
  store = await freshDb()
})

afterAll(async () => {
  await store?.dispose()
})

describe('the quality benchmark on a tiny BEIR dataset', () => {
  it('ingests every document through the normal pipeline, and skips them all on a second run', async () => {
    const first = await ingestBeir(data, { db: store.db, embedder, options }, { quiet: true })
    expect(first).toMatchObject({ docs: 3, written: 3, failed: 0, chunks: 3 })
    const again = await ingestBeir(data, { db: store.db, embedder, options }, { quiet: true })
    expect(again).toMatchObject({ docs: 3, written: 0, unchanged: 3 })
  })

  it('maps hits back to corpus ids and scores a perfect lexical run as 1', async () => {
    const result = await runMode(search, { db: store.db, embedder }, data.queries, data.qrels, 'lexical', {
      quiet: true,
    })
    expect(result).toMatchObject({ mode: 'lexical', ndcg10: 1, recall10: 1, mrr10: 1, queries: 2, errors: 0 })
    expect(result.latency.count).toBe(2)
  })

  it('runs hybrid and vector mode over the same queries', async () => {
    for (const mode of ['hybrid', 'vector'] as const) {
      const result = await runMode(search, { db: store.db, embedder }, data.queries, data.qrels, mode, {
        quiet: true,
      })
      expect(result.errors).toBe(0)
      expect(result.recall100).toBe(1)
    }
  })
})
