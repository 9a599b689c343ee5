import { describe, expect, it } from 'vitest'
import { meanMetric, mrrAtK, ndcgAtK, recallAtK, scoreRun } from '../bench/metrics.ts'

const rel = (entries: Record<string, number>) => new Map(Object.entries(entries))
const LOG2_3 = Math.log2(3)

describe('nDCG@k', () => {
  it('is 1 when the relevant documents are ranked first', () => {
    expect(ndcgAtK(['a', 'b', 'x'], rel({ a: 1, b: 1 }), 10)).toBeCloseTo(1, 12)
  })

  it('discounts a relevant document at rank 3 by log2(4)', () => {
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) ≈ 1.630930
    expect(ndcgAtK(['a', 'x', 'b'], rel({ a: 1, b: 1 }), 10)).toBeCloseTo(1.5 / (1 + 1 / LOG2_3), 12)
    expect(ndcgAtK(['a', 'x', 'b'], rel({ a: 1, b: 1 }), 10)).toBeCloseTo(0.919721, 6)
  })

  it('uses the grade itself as the gain for graded judgments', () => {
    // DCG = 1 + 2/log2(3) ≈ 2.261860; IDCG = 2 + 1/log2(3) ≈ 2.630930
    expect(ndcgAtK(['b', 'a'], rel({ a: 2, b: 1 }), 10)).toBeCloseTo(0.859719, 6)
  })

  it('takes the ideal ordering from all judged documents, retrieved or not', () => {
    expect(ndcgAtK(['a'], rel({ a: 1, b: 1 }), 10)).toBeCloseTo(1 / (1 + 1 / LOG2_3), 12)
  })

  it('caps the ideal ordering at k', () => {
    expect(ndcgAtK(['a'], rel({ a: 1, b: 1, c: 1 }), 1)).toBe(1)
  })

  it('ignores relevant documents ranked below k', () => {
    expect(ndcgAtK(['x', 'y', 'a'], rel({ a: 1 }), 2)).toBe(0)
  })

  it('treats a judged grade of 0 as not relevant', () => {
    expect(ndcgAtK(['z', 'a'], rel({ a: 1, z: 0 }), 10)).toBeCloseTo(1 / LOG2_3, 12)
  })

  it('counts a repeated document once', () => {
    expect(ndcgAtK(['a', 'a', 'b'], rel({ a: 1, b: 1 }), 10)).toBeCloseTo(1, 12)
  })

  it('is 0 for a query without relevant documents', () => {
    expect(ndcgAtK(['a'], rel({ a: 0 }), 10)).toBe(0)
  })
})

describe('Recall@k', () => {
  it('is the share of relevant documents found in the top k', () => {
    expect(recallAtK(['a', 'x', 'b'], rel({ a: 1, b: 1, c: 1, d: 1 }), 10)).toBe(0.5)
  })

  it('does not count relevant documents below k', () => {
    expect(recallAtK(['a', 'x', 'b'], rel({ a: 1, b: 1 }), 2)).toBe(0.5)
  })

  it('does not count a repeated document twice', () => {
    expect(recallAtK(['a', 'a'], rel({ a: 1, b: 1 }), 10)).toBe(0.5)
  })
})

describe('MRR@k', () => {
  it('is the reciprocal rank of the first relevant document', () => {
    expect(mrrAtK(['x', 'y', 'a', 'b'], rel({ a: 1, b: 1 }), 10)).toBeCloseTo(1 / 3, 12)
  })

  it('is 0 when the first relevant document is below k', () => {
    expect(mrrAtK(['x', 'y', 'a'], rel({ a: 1 }), 2)).toBe(0)
  })
})

describe('the mean over queries', () => {
  const qrels = new Map([
    ['q1', rel({ a: 1 })],
    ['q2', rel({ b: 1 })],
    ['q3', rel({ c: 0 })],
  ])

  it('excludes queries with no relevant document and scores a missing ranking as 0', () => {
    const run = new Map([['q1', ['a']]])
    expect(meanMetric(run, qrels, ndcgAtK, 10)).toEqual({ mean: 0.5, queries: 2 })
  })

  it('ignores rankings of queries that are not judged', () => {
    const run = new Map([
      ['q1', ['a']],
      ['q2', ['x', 'b']],
      ['q9', ['zzz']],
    ])
    expect(meanMetric(run, qrels, mrrAtK, 10)).toEqual({ mean: 0.75, queries: 2 })
  })

  it('reports nDCG@10, Recall@10, Recall@100 and MRR@10 together', () => {
    const ranking = [...Array.from({ length: 10 }, (_, i) => `x${i}`), 'b']
    const run = new Map([
      ['q1', ['a']],
      ['q2', ranking],
    ])
    expect(scoreRun(run, qrels)).toEqual({ ndcg10: 0.5, recall10: 0.5, recall100: 1, mrr10: 0.5, queries: 2 })
  })
})
