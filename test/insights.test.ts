import { describe, expect, it } from 'vitest'
import { computeInsights } from '../insights/compute.ts'
import { consolidate } from '../insights/consolidate.ts'
import { excerpt } from '../insights/excerpt.ts'
import { keepIds } from '../insights/identity.ts'
import { classTerms } from '../insights/label.ts'
import { parseLabelReply } from '../insights/llm-labels.ts'
import { type Selected, selectProblemChunks } from '../insights/select.ts'
import { lemma } from '../insights/terms.ts'
import { genericHeadings, patternTitles } from '../insights/title.ts'
import { classifyTrend, isoWeek, trendInput, weeklyCounts, weekStart } from '../insights/trend.ts'
import type { InsightChunk } from '../insights/types.ts'

const DIM = 16

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

function unit(v: number[]): number[] {
  const n = Math.hypot(...v)
  return v.map((x) => x / n)
}

const FILLER = [
  'kickoff meeting agenda stakeholders onboarding laptop badge access',
  'quarterly business review slides roadmap demo feedback',
  'workshop scheduling travel hotel booking invoice',
  'dashboard colours font sizes accessibility contrast review',
  'team offsite lunch venue photos',
  'licence renewal procurement purchase order approval',
  'documentation wiki structure page naming conventions',
  'sprint planning velocity estimates backlog grooming',
  'user interviews persona journey mapping sticky notes',
  'holiday calendar coverage rota handover notes',
  'release notes changelog formatting markdown templates',
  'training session recording attendance quiz results',
  'office move desks monitors parking permits',
  'survey results satisfaction scores comments themes',
  'vendor evaluation matrix pricing tiers support levels',
  'naming workshop product tagline brand voice',
  'budget forecast headcount hiring plan interviews',
  'steering committee minutes decisions actions owners',
]

/**
 * A hand-made input: cluster A (3 customers, 4 documents), cluster B (3 customers, 3 documents),
 * one singleton, and unrelated filler, with vectors near one direction per cluster.
 */
function handMade(): { selected: Selected[]; vectors: number[][] } {
  const random = rng(7)
  const direction = (k: number) => Array.from({ length: DIM }, (_, i) => (i === k ? 1 : 0))
  const near = (base: number[], noise: number) => unit(base.map((x) => x + (random() - 0.5) * noise))
  const rows: { chunk: InsightChunk; vector: number[] }[] = []
  const add = (customer: string, text: string, vector: number[], date = '2026-10-01') => {
    const id = rows.length + 1
    rows.push({
      chunk: {
        chunkId: id * 10,
        documentId: id,
        ordinal: 0,
        headingPath: ['Note', 'Root cause'],
        text,
        tokenCount: 40,
        customer,
        date,
        type: 'incident',
        sectionKind: 'root-cause',
      },
      vector,
    })
  }
  const pool = 'connection pool exhausted too many clients pgbouncer max_connections pods'
  add('Acme', `${pool} during the load test`, near(direction(0), 0.3), '2026-09-01')
  add('Globex', `${pool} after autoscaling`, near(direction(0), 0.3), '2026-10-05')
  add('ACME', `${pool} again on black friday`, near(direction(0), 0.3), '2026-10-20')
  add('Initech', `${pool} in the lambda fleet`, near(direction(0), 0.3), '2026-11-02')
  const tls = 'proxy tls interception certificate verify failed custom root ca trust store'
  add('Globex', `${tls} python certifi`, near(direction(1), 0.3), '2026-06-10')
  add('Hooli', `${tls} node extra ca certs`, near(direction(1), 0.3), '2026-06-20')
  add('Stark', `${tls} java keytool`, near(direction(1), 0.3), '2026-07-01')
  add('Umbrella', 'daylight saving fall back made the cron job run twice', near(direction(2), 0.3))
  FILLER.forEach((text, i) => {
    const v = Array.from({ length: DIM }, () => random() - 0.5)
    add(`Filler ${i % 6}`, text, unit(v))
  })
  return {
    selected: rows.map((r) => ({ chunk: r.chunk, heading: 'Root cause', edge: false })),
    vectors: rows.map((r) => r.vector),
  }
}

describe('grouping problem chunks into cross-customer patterns', () => {
  it('finds one pattern per recurring cluster and lists the singleton as an edge case', () => {
    const { selected, vectors } = handMade()
    const { patterns, edgeCases } = computeInsights(selected, vectors, { referenceDate: '2026-11-20' })
    expect(patterns.map((p) => p.members.map((m) => m.chunkId))).toEqual([
      [10, 20, 30, 40],
      [50, 60, 70],
    ])
    expect(patterns[0]).toMatchObject({ rank: 1, customerCount: 3, documentCount: 4 })
    // "Acme" and "ACME" are one customer, shown in one spelling (a tie goes to the smaller string).
    expect(patterns[0]!.customers).toEqual(['ACME', 'Globex', 'Initech'])
    expect(patterns[1]).toMatchObject({ rank: 2, customerCount: 3, trend: 'fading' })
    expect(patterns[0]!.terms).toContain('pool')
    expect(edgeCases.some((e) => e.chunkId === 80 && e.reason === 'unmatched')).toBe(true)
    expect(edgeCases.some((e) => [10, 20, 50].includes(e.chunkId))).toBe(false)
  })

  it('gives identical output, ids and order included, for the same input in any order', () => {
    const { selected, vectors } = handMade()
    const a = computeInsights(selected, vectors, { referenceDate: '2026-11-20' })
    const b = computeInsights(selected, vectors, { referenceDate: '2026-11-20' })
    const reversed = computeInsights([...selected].reverse(), [...vectors].reverse(), {
      referenceDate: '2026-11-20',
    })
    expect(b).toEqual(a)
    expect(reversed).toEqual(a)
    expect(a.patterns.map((p) => p.id)).toEqual(reversed.patterns.map((p) => p.id))
  })

  it('does not depend on the scale of the embedding model: a shifted, rescaled space groups the same', () => {
    const { selected, vectors } = handMade()
    // Another "model": every vector pushed into a narrow cone (cosines all high, as with OpenAI).
    const cone = vectors.map((v) => v.map((x, i) => 0.2 * x + (i === DIM - 1 ? 3 : 0)))
    const a = computeInsights(selected, vectors, { referenceDate: '2026-11-20' })
    const b = computeInsights(selected, cone, { referenceDate: '2026-11-20' })
    expect(b.patterns.map((p) => p.id)).toEqual(a.patterns.map((p) => p.id))
  })

  it('keeps only groups spanning minCustomers distinct customers, compared case-insensitively', () => {
    const { selected, vectors } = handMade()
    const four = computeInsights(selected, vectors, { referenceDate: '2026-11-20', minCustomers: 4 })
    expect(four.patterns).toEqual([])
    // "Acme" and "ACME" are one customer: cluster A spans 3, not 4. Still, three customers wrote
    // about it, so it is no one-off either; the singleton is.
    expect(four.edgeCases.some((e) => e.chunkId === 10)).toBe(false)
    expect(four.edgeCases.some((e) => e.chunkId === 80)).toBe(true)
  })

  it('returns nothing for an empty input', () => {
    expect(computeInsights([], []).patterns).toEqual([])
  })
})

describe('keeping pattern ids across refreshes', () => {
  const computed = () =>
    computeInsights(handMade().selected, handMade().vectors, { referenceDate: '2026-11-20' })

  it('gives a pattern whose members changed a little the id of the stored pattern it overlaps most', () => {
    const [pool, tls] = computed().patterns
    const docs = (p: typeof pool) => p!.members.map((m) => m.documentId)
    // Stored: the pool pattern without its last document plus one that is gone now (Jaccard 3/5).
    const kept = keepIds(computed().patterns, [
      { id: 'old-tls', documentIds: docs(tls) },
      { id: 'old-pool', documentIds: [...docs(pool).slice(0, 3), 999] },
    ])
    expect(kept.map((p) => p.id)).toEqual(['old-pool', 'old-tls'])
    expect(kept[0]!.members).toEqual(pool!.members)
  })

  it('keeps the computed id when no stored pattern shares half of the documents, and never reuses an id twice', () => {
    const [pool, tls] = computed().patterns
    const kept = keepIds(computed().patterns, [
      { id: 'old', documentIds: [pool!.members[0]!.documentId, 997, 998, 999] },
      { id: 'old-both', documentIds: [...pool!.members, ...tls!.members].map((m) => m.documentId) },
    ])
    expect(kept[0]!.id).toBe('old-both')
    expect(kept[1]!.id).toBe(tls!.id)
  })
})

describe('folding clusters built from the same documents', () => {
  it('merges clusters sharing two thirds of their documents and keeps others apart', () => {
    const docs = [1, 2, 3, 1, 2, 3, 1, 4, 5]
    expect(
      consolidate(
        [
          [0, 1, 2],
          [3, 4, 5],
          [6, 7, 8],
        ],
        docs,
      ),
    ).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8],
    ])
  })

  it('never merges on a single shared document', () => {
    expect(
      consolidate(
        [
          [0, 1],
          [2, 3],
        ],
        [1, 2, 1, 3],
      ),
    ).toEqual([
      [0, 1],
      [2, 3],
    ])
  })
})

describe('labelling patterns by class-based TF-IDF', () => {
  const background = [
    { text: 'weekly status meeting notes and the project plan', customer: 'Z' },
    { text: 'the project plan for the next quarter and meeting notes', customer: 'Y' },
  ]

  it('ranks the terms distinctive of a class against the others and the background', () => {
    const [pool, tls] = classTerms(
      [
        [
          { text: 'connection pool exhausted in the project', customer: 'A' },
          { text: 'the connection pool was exhausted again', customer: 'B' },
        ],
        [
          { text: 'proxy certificate rejected by the client', customer: 'A' },
          { text: 'certificate chain broken behind the proxy', customer: 'C' },
        ],
      ],
      background,
    )
    expect(pool!.slice(0, 2)).toEqual(['connection pool', 'exhausted'])
    expect(tls!.slice(0, 2)).toEqual(['certificate chain', 'proxy'])
  })

  it('prefers terms shared by several customers over one customer’s favourite words', () => {
    const [terms] = classTerms(
      [
        [
          { text: 'throttling throttling celery celery celery celery retry', customer: 'A' },
          { text: 'throttling retry', customer: 'B' },
        ],
      ],
      background,
    )
    expect(terms).toEqual(['throttling', 'retry', 'celery'])
  })

  it('never uses a customer’s own name as a label term', () => {
    const [terms] = classTerms(
      [
        [
          { text: 'Kestrel saw the cron run twice', customer: 'Kestrel Freight' },
          { text: 'cron run twice at Larkspur', customer: 'Larkspur Retail' },
        ],
      ],
      [],
      { exclude: (c) => new Set(c.toLowerCase().split(' ')) },
    )
    expect(terms).toEqual(['cron run', 'twice'])
  })
})

describe('titling patterns without a model', () => {
  const member = (documentId: number, heading: string, text: string, customer = `C${documentId}`) => ({
    documentId,
    headingPath: ['Doc', heading],
    text,
    customer,
    similarity: 0.8,
  })

  it('takes the specific part of a member heading that carries the pattern terms', () => {
    const members = [
      member(1, 'Root cause', 'The pool ran dry because every pod opened twenty connections.'),
      member(
        2,
        'Problem: connection pool exhausted under autoscaling',
        'Pods multiplied and so did connections.',
      ),
      member(3, 'Root cause', 'Too many clients for max_connections.'),
    ]
    const generic = genericHeadings(members)
    expect(generic.has('root cause')).toBe(false)
    expect(genericHeadings([...members, member(4, 'Root cause', 'x')]).has('root cause')).toBe(true)
    expect(
      patternTitles([{ members, terms: ['pool', 'connections', 'pods'] }], generic, ['fallback']),
    ).toEqual(['Connection pool exhausted under autoscaling'])
  })

  it('skips text naming a customer of the pattern, de-duplicates titles and falls back to the terms', () => {
    const a = [
      member(1, 'Notes', 'Acme saw the pool exhausted again', 'Acme'),
      member(2, 'Notes', 'The pool exhausted at peak'),
    ]
    const b = [
      member(3, 'Notes', 'The pool exhausted at peak'),
      member(4, 'Notes', 'nothing relevant here at all'),
    ]
    expect(
      patternTitles(
        [
          { members: a, terms: ['pool'] },
          { members: b, terms: ['pool'] },
        ],
        new Set(),
        ['f1', 'f2'],
      ),
    ).toEqual(['The pool exhausted at peak', 'f2'])
  })
})

describe('the trend rule', () => {
  /** A timeline: `[date, customer]` pairs, one per document. */
  const trend = (reference: string, ...docs: [string, string][]) =>
    classifyTrend(
      trendInput(
        docs.map(([date, customer]) => ({ date, customer })),
        reference,
      ),
    )

  it('calls a burst of documents at three customers within two weeks, with nothing before, a spike', () => {
    expect(
      trend('2026-09-25', ['2026-09-17', 'A'], ['2026-09-21', 'B'], ['2026-09-23', 'C'], ['2026-09-25', 'D']),
    ).toBe('spike')
    expect(trend('2026-09-25', ['2026-09-12', 'A'], ['2026-09-20', 'B'], ['2026-09-25', 'C'])).toBe('spike')
  })

  it('does not call a burst a spike when it sits at fewer than three customers or anything came shortly before', () => {
    expect(
      trend('2026-09-25', ['2026-08-20', 'X'], ['2026-09-17', 'A'], ['2026-09-21', 'B'], ['2026-09-23', 'C']),
    ).not.toBe('spike')
    expect(trend('2026-09-25', ['2026-09-17', 'A'], ['2026-09-21', 'a'], ['2026-09-23', 'B'])).toBe('new')
    expect(
      trend(
        '2026-09-25',
        ['2026-08-01', 'X'],
        ['2026-08-20', 'Y'],
        ['2026-09-17', 'A'],
        ['2026-09-21', 'B'],
        ['2026-09-23', 'C'],
      ),
    ).toBe('rising')
  })

  it('calls three recent documents at several customers against one in the four weeks before rising', () => {
    const timeline: [string, string][] = [
      ['2026-06-24', 'A'],
      ['2026-08-13', 'B'],
      ['2026-09-04', 'C'],
      ['2026-09-15', 'D'],
      ['2026-09-25', 'E'],
    ]
    expect(trend('2026-09-25', ...timeline)).toBe('rising')
    expect(
      trendInput(
        timeline.map(([date, customer]) => ({ date, customer })),
        '2026-09-25',
      ),
    ).toMatchObject({
      recent: 3,
      recentCustomers: 3,
      previous: 1,
    })
  })

  it('needs three recent documents at two customers before it shows rising', () => {
    expect(trend('2026-09-25', ['2026-06-01', 'A'], ['2026-09-10', 'B'], ['2026-09-20', 'C'])).toBe('steady')
    expect(
      trend('2026-09-25', ['2026-06-01', 'A'], ['2026-09-01', 'B'], ['2026-09-10', 'B'], ['2026-09-20', 'b']),
    ).toBe('steady')
  })

  it('calls one document a month, month after month, steady even when one falls in the last week', () => {
    expect(
      trend('2026-09-25', ['2026-06-09', 'A'], ['2026-07-23', 'B'], ['2026-08-25', 'C'], ['2026-09-25', 'D']),
    ).toBe('steady')
    expect(
      trend('2026-09-25', ['2026-06-10', 'A'], ['2026-07-08', 'B'], ['2026-08-05', 'C'], ['2026-09-02', 'D']),
    ).toBe('steady')
  })

  it('calls a pattern fading with nothing in the last four weeks or under half the four weeks before', () => {
    expect(
      trend('2026-09-25', ['2026-06-05', 'A'], ['2026-06-19', 'B'], ['2026-07-17', 'C'], ['2026-08-20', 'D']),
    ).toBe('fading')
    expect(
      trend(
        '2026-09-25',
        ['2026-08-04', 'A'],
        ['2026-08-11', 'B'],
        ['2026-08-18', 'C'],
        ['2026-08-25', 'D'],
        ['2026-09-10', 'A'],
      ),
    ).toBe('fading')
  })

  it('calls a pattern new when first seen within the last four ISO weeks, boundary included', () => {
    // Reference 2026-11-20 is in the week of Monday 11-16; the window starts Monday 10-26.
    expect(trend('2026-11-20', ['2026-10-26', 'A'], ['2026-11-20', 'B'])).toBe('new')
    expect(trend('2026-11-20', ['2026-10-25', 'A'], ['2026-11-20', 'B'])).toBe('steady')
  })

  it('calls a problem first seen within eight weeks and still active new', () => {
    expect(trend('2026-11-20', ['2026-10-20', 'A'], ['2026-11-12', 'B'], ['2026-11-18', 'C'])).toBe('new')
    expect(trend('2026-11-20', ['2026-10-01', 'A'], ['2026-10-20', 'B'], ['2026-11-12', 'C'])).toBe('steady')
  })

  it('ignores documents after the reference date', () => {
    expect(trendInput([{ date: '2026-11-30', customer: 'A' }], '2026-11-20')).toMatchObject({
      recent: 0,
      previous: 0,
      firstSeenRecently: false,
    })
  })

  it('counts distinct documents per ISO week, oldest first, across a year boundary', () => {
    expect(weekStart('2026-11-20')).toBe('2026-11-16')
    expect(isoWeek('2027-01-01')).toBe('2026-W53')
    expect(isoWeek('2026-01-01')).toBe('2026-W01')
    expect(weeklyCounts(['2026-12-28', '2027-01-03', '2027-01-05'], '2027-01-05', 3)).toEqual([
      { week: '2026-W52', count: 0 },
      { week: '2026-W53', count: 2 },
      { week: '2027-W01', count: 1 },
    ])
  })
})

describe('selecting problem-bearing chunks', () => {
  const chunk = (over: Partial<InsightChunk>): InsightChunk => ({
    chunkId: 1,
    documentId: 1,
    ordinal: 0,
    headingPath: [],
    text: 'x',
    tokenCount: 50,
    customer: 'A',
    date: '2026-01-01',
    type: 'field-report',
    sectionKind: 'other',
    ...over,
  })

  it('takes chunks of problem-bearing kinds, whatever their heading, and leaves status notes and timelines out', () => {
    const picked = selectProblemChunks([
      chunk({ chunkId: 1, headingPath: ['Weekly', 'Done'], sectionKind: 'status' }),
      chunk({ chunkId: 2, headingPath: ['Weekly', 'Blockers'], sectionKind: 'problem' }),
      chunk({ chunkId: 3, headingPath: ['Outage', 'Timeline'], type: 'incident', sectionKind: 'timeline' }),
      chunk({ chunkId: 4, headingPath: ['Free-form note'], sectionKind: 'root-cause' }),
      chunk({ chunkId: 5, headingPath: ['Weekly', 'Notes to self'], sectionKind: 'edge-case' }),
      chunk({ chunkId: 6, headingPath: ['Weekly', 'Blockers'], sectionKind: 'problem', tokenCount: 3 }),
      chunk({ chunkId: 7, headingPath: ['Weekly', 'Problem: readiness'], sectionKind: 'lesson' }),
    ])
    expect(picked.map((s) => [s.chunk.chunkId, s.edge])).toEqual([
      [2, false],
      [4, false],
      [5, true],
    ])
    expect(picked.find((s) => s.chunk.chunkId === 5)!.heading).toBe('Notes to self')
  })
})

describe('small text helpers', () => {
  it('reduces inflections to one lemma key', () => {
    expect(lemma('throttling')).toBe(lemma('throttled'))
    expect(lemma('throttle')).toBe(lemma('throttles'))
    expect(lemma('queries')).toBe(lemma('query'))
  })

  it('trims excerpts on a sentence boundary and drops code blocks', () => {
    const text = `Pods ran out of connections. ${'The pool was sized per pod. '.repeat(20)}\n\`\`\`sql\nSELECT 1\n\`\`\``
    const short = excerpt(text, 100)
    expect(short.length).toBeLessThanOrEqual(100)
    expect(short.endsWith('.')).toBe(true)
    expect(short).not.toContain('SELECT')
  })

  it('reads the JSON object out of a chat reply, fenced or not', () => {
    expect(parseLabelReply('```json\n{"label": "Clock skew", "summary": "Tokens fail."}\n```')).toEqual({
      label: 'Clock skew',
      summary: 'Tokens fail.',
    })
    expect(() => parseLabelReply('no idea')).toThrow(/no JSON/)
  })
})
