import { describe, expect, it } from 'vitest'
import { assessConfidence, coverage, documentCoverage } from '../answer/confidence.ts'
import { chooseDocuments, type RankedDocument } from '../answer/extractive.ts'
import { boundSources, buildMessages, citeBeforeStop, cleanSentence } from '../answer/llm.ts'
import { choosePattern } from '../answer/pattern.ts'
import { splitSentences } from '../answer/sentences.ts'
import type { CitedChunk } from '../schemas/answer.ts'

const terms = [
  { term: 'proxi', df: 3, idf: 3 },
  { term: 'tls', df: 5, idf: 2 },
  { term: 'error', df: 40, idf: 1 },
]

describe('sentence splitting', () => {
  it('turns list items and lines into sentences of their own', () => {
    expect(splitSentences('- Proxy re-signs TLS\n- **Fix**: add the CA. Then restart.')).toEqual([
      'Proxy re-signs TLS.',
      'Fix: add the CA.',
      'Then restart.',
    ])
  })
  it('drops fenced code blocks', () => {
    expect(splitSentences('The log said:\n```\nERROR x.y\n```\nDone.')).toEqual(['The log said:', 'Done.'])
  })
})

describe('confidence', () => {
  const base = { terms, lexicalHits: 3, retrieved: 10 }
  it('weighs terms by idf, so a rare term matters more than a common one', () => {
    expect(coverage(terms, new Set(['proxi']))).toBeCloseTo(0.5)
    expect(coverage(terms, new Set(['error']))).toBeCloseTo(1 / 6)
  })
  it('measures a document by its best chunk, or by all its chunks together', () => {
    const chunks = [new Set(['proxi']), new Set(['tls'])]
    expect(documentCoverage(terms, chunks, 'chunk')).toBeCloseTo(0.5)
    expect(documentCoverage(terms, chunks, 'document')).toBeCloseTo(5 / 6)
  })
  it('says no strong match when no retrieved chunk shares a word with the question', () => {
    const c = assessConfidence({ ...base, lexicalHits: 0, coverages: [0] })
    expect(c).toMatchObject({ noMatch: true, signal: 'no-lexical-match', level: 'none' })
  })
  it('says no strong match when the best document covers too little of the question, naming the share', () => {
    const c = assessConfidence({ ...base, coverages: [0.2, 0.1] })
    expect(c).toMatchObject({ noMatch: true, signal: 'weak-term-coverage', termCoverage: 0.2 })
    expect(c.reason).toContain('20 %')
  })
  it('says nothing matched the filters when nothing was retrieved', () => {
    expect(assessConfidence({ ...base, retrieved: 0, lexicalHits: 0, coverages: [] }).signal).toBe(
      'filtered-empty',
    )
  })
  it('is high when several documents cover most of the question', () => {
    expect(assessConfidence({ ...base, coverages: [0.9, 0.8] })).toMatchObject({
      noMatch: false,
      level: 'high',
    })
    expect(assessConfidence({ ...base, coverages: [0.9, 0.1] }).level).toBe('medium')
  })
})

const doc = (id: number, customer: string, score: number, cov: number): RankedDocument => ({
  doc: {
    id,
    title: `d${id}`,
    customer,
    type: 'incident',
    date: '2026-01-01',
    severity: null,
    tags: [],
    sourcePath: `${id}.md`,
  },
  score,
  hitChunkIds: [id * 10],
  coverage: cov,
})

describe('choosing what to cite', () => {
  it('keeps strong documents, at most two per customer, and drops weak ones', () => {
    const ranked = [
      doc(1, 'A', 1, 0.9),
      doc(2, 'a', 0.9, 0.9),
      doc(3, 'A', 0.8, 0.9),
      doc(4, 'B', 0.3, 0.9),
      doc(5, 'C', 0.7, 0.1),
      doc(6, 'D', 0.6, 0.5),
    ]
    expect(chooseDocuments(ranked).map((r) => r.doc.id)).toEqual([1, 2, 6])
  })
  it('names the pattern most cited documents belong to', () => {
    const p = (id: string, rank: number, documentIds: number[]) => ({
      id,
      label: id,
      customerCount: 4,
      documentCount: 5,
      trend: 'fading' as const,
      rank,
      documentIds,
    })
    expect(choosePattern([p('x', 1, [1]), p('y', 2, [2, 3])], [2, 3, 9])?.id).toBe('y')
    expect(choosePattern([p('x', 1, [1])], [2])).toBeNull()
  })
})

describe('citations in generated text', () => {
  it('keeps citations of given chunks and removes and counts the rest', () => {
    expect(cleanSentence('The proxy re-signed TLS [1][7].', 3)).toEqual({
      sentence: { text: 'The proxy re-signed TLS.', citations: [1], customer: null, kind: null },
      removed: 1,
    })
  })
  it('drops a sentence whose only citation points nowhere', () => {
    expect(cleanSentence('Everyone uses Kubernetes [12].', 3)).toEqual({ sentence: null, removed: 1 })
  })
  it('moves a citation written after the full stop onto its sentence', () => {
    expect(citeBeforeStop('The proxy broke TLS. [2] Fix it.')).toBe('The proxy broke TLS [2]. Fix it.')
  })
})

describe('what the model is sent', () => {
  const chunk = (n: number, len: number): CitedChunk => ({
    n,
    chunkId: n,
    documentId: n,
    title: 't',
    customer: 'C',
    date: '2026-01-01',
    type: 'incident',
    sourcePath: 'x.md',
    headingPath: [],
    sectionKind: 'fix',
    excerpt: 'x'.repeat(len),
  })
  it('bounds the number and size of chunks and renumbers them from 1', () => {
    const out = boundSources([chunk(5, 5000), chunk(6, 100), chunk(7, 100)], {
      maxChunks: 2,
      maxChunkChars: 1000,
      maxContextChars: 1050,
    })
    expect(out.map((s) => [s.n, s.excerpt.length])).toEqual([[1, 1000]])
  })
  it('redacts the question before it leaves the process', () => {
    const secret = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0'
    const messages = buildMessages(`why does key ${secret} fail?`, [chunk(1, 10)])
    expect(JSON.stringify(messages)).not.toContain(secret)
    expect(messages[1]!.content).toContain('[1] C · t')
  })
})
