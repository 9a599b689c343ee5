import { describe, expect, it } from 'vitest'
import { edgeCases } from '../insights/edge-cases.ts'
import type { Selected } from '../insights/select.ts'
import type { InsightChunk } from '../insights/types.ts'

type Row = Partial<InsightChunk> & Pick<InsightChunk, 'chunkId' | 'documentId' | 'customer'>

/** Selected rows from partial chunks (row i = chunk i); field reports of kind problem by default. */
function rows(...chunks: Row[]): Selected[] {
  return chunks.map((c) => {
    const chunk: InsightChunk = {
      ordinal: 0,
      headingPath: ['Doc', 'Section'],
      text: 'Something went wrong in a way worth writing down for the next engagement.',
      tokenCount: 50,
      date: '2026-10-01',
      type: 'field-report',
      sectionKind: 'problem',
      ...c,
    }
    return { chunk, heading: 'Section', edge: chunk.sectionKind === 'edge-case' }
  })
}

/** A symmetric pair score: the listed pairs, 0 for every other. */
function pairs(scores: [number, number, number][]): (a: number, b: number) => number {
  const m = new Map(scores.flatMap(([a, b, s]) => [[`${a},${b}`, s] as const, [`${b},${a}`, s] as const]))
  return (a, b) => m.get(`${a},${b}`) ?? 0
}

const listed = (found: { chunkId: number }[]) => found.map((e) => e.chunkId).sort((a, b) => a - b)

describe('edge cases: which documents may offer a one-off', () => {
  it('lists the problem of an incident whose only pattern member is its fix, since one fix answers many problems', () => {
    const selected = rows(
      { chunkId: 1, documentId: 1, customer: 'A', type: 'incident', sectionKind: 'impact' },
      { chunkId: 2, documentId: 1, customer: 'A', type: 'incident', sectionKind: 'fix' },
      { chunkId: 3, documentId: 2, customer: 'B', sectionKind: 'fix' },
      { chunkId: 4, documentId: 3, customer: 'C', sectionKind: 'fix' },
    )
    const found = edgeCases(selected, new Set([1, 2, 3]), [0.5, 3, 3, 3], { pair: pairs([]) })
    expect(listed(found)).toEqual([1])
    expect(found[0]!.reason).toBe('unmatched')
  })

  it('offers nothing from a document whose problem joined a pattern, not even a flagged gotcha', () => {
    const selected = rows(
      { chunkId: 1, documentId: 1, customer: 'A', sectionKind: 'problem' },
      { chunkId: 2, documentId: 1, customer: 'A', sectionKind: 'edge-case' },
      { chunkId: 3, documentId: 2, customer: 'B', sectionKind: 'problem' },
      { chunkId: 4, documentId: 3, customer: 'C', sectionKind: 'problem' },
      { chunkId: 5, documentId: 4, customer: 'D', sectionKind: 'edge-case' },
    )
    const found = edgeCases(selected, new Set([0, 2, 3]), [3, 0.5, 3, 3, 0.5], { pair: pairs([]) })
    expect(listed(found)).toEqual([5])
  })
})

describe('edge cases: look-alikes of a pattern', () => {
  it('drops a chunk that scores at the threshold with another customer’s pattern member, however low its echo', () => {
    const selected = rows(
      { chunkId: 1, documentId: 1, customer: 'A', type: 'incident', sectionKind: 'root-cause' },
      { chunkId: 2, documentId: 2, customer: 'B', type: 'incident', sectionKind: 'root-cause' },
      { chunkId: 3, documentId: 3, customer: 'C', type: 'incident', sectionKind: 'root-cause' },
      { chunkId: 4, documentId: 4, customer: 'D', type: 'incident', sectionKind: 'root-cause' },
      { chunkId: 5, documentId: 5, customer: 'B', type: 'incident', sectionKind: 'root-cause' },
    )
    const echo = [3, 3, 3, 1.2, 1.2]
    // Row 3 is close to member 1 (customer B); row 4 is close only to a member of its own customer.
    const found = edgeCases(selected, new Set([0, 1, 2]), echo, {
      pair: pairs([
        [3, 1, 2.4],
        [4, 1, 2.4],
      ]),
    })
    expect(listed(found)).toEqual([5])
  })
})

describe('edge cases: problem strength', () => {
  it('takes incident sections that speak for the problem but only the problem kind elsewhere', () => {
    const selected = rows(
      { chunkId: 1, documentId: 1, customer: 'A', type: 'incident', sectionKind: 'impact' },
      { chunkId: 2, documentId: 2, customer: 'B', type: 'field-report', sectionKind: 'fix' },
      { chunkId: 3, documentId: 3, customer: 'C', type: 'integration-doc', sectionKind: 'root-cause' },
      { chunkId: 4, documentId: 4, customer: 'D', type: 'integration-doc', sectionKind: 'problem' },
      { chunkId: 5, documentId: 5, customer: 'E', type: 'incident', sectionKind: 'fix' },
    )
    const found = edgeCases(selected, new Set(), [1, 1, 1, 1, 1], { pair: pairs([]) })
    expect(listed(found)).toEqual([1, 4])
  })

  it('drops a status note the same customer’s other documents restate, and keeps one they do not', () => {
    const selected = rows(
      { chunkId: 1, documentId: 1, customer: 'A', headingPath: ['Week 3', 'Blockers'] },
      { chunkId: 2, documentId: 2, customer: 'A', headingPath: ['Week 4', 'Blockers'] },
      { chunkId: 3, documentId: 3, customer: 'B', headingPath: ['Week 3', 'Blockers'] },
      { chunkId: 4, documentId: 4, customer: 'B', headingPath: ['Week 4', 'Other'] },
    )
    // A restates its blocker week after week; B's two notes share a little, well under the cut.
    const found = edgeCases(selected, new Set(), [1, 1.5, 1, 1.5], {
      pair: pairs([
        [0, 1, 5],
        [2, 3, 3],
      ]),
    })
    expect(listed(found)).toEqual([3, 4])
    // Without exact scores the status-repeat rule is off: A's notes come back.
    expect(listed(edgeCases(selected, new Set(), [1, 1.5, 1, 1.5]))).toEqual([1, 2, 3, 4])
  })
})
