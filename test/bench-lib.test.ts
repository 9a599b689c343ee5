import { describe, expect, it } from 'vitest'
import { choiceList, intList, positiveInt } from '../bench/lib/cli.ts'
import { fmt, markdownTable, ratio } from '../bench/lib/results.ts'
import { mulberry32, synthDoc, synthQuery, ZipfSampler } from '../bench/lib/synth.ts'
import { percentile, runConcurrent, summarizeLatencies } from '../bench/lib/timer.ts'
import { prepareDocument } from '../ingest/prepare.ts'

describe('latency percentiles', () => {
  it('interpolate linearly between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5)
    expect(percentile([4, 1, 3, 2], 0)).toBe(1)
    expect(percentile([1, 2, 3, 4], 100)).toBe(4)
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5, 12)
  })

  it('are NaN for no samples', () => {
    expect(percentile([], 50)).toBeNaN()
    expect(summarizeLatencies([]).count).toBe(0)
  })

  it('summarise count, mean, p50, p95, p99 and max', () => {
    const s = summarizeLatencies(Array.from({ length: 101 }, (_, i) => i))
    expect(s).toEqual({ count: 101, mean: 50, p50: 50, p95: 95, p99: 99, max: 100 })
  })
})

describe('concurrent clients', () => {
  it('run every task once with at most the given number in flight', async () => {
    let inFlight = 0
    let peak = 0
    const seen: number[] = []
    const { latencies } = await runConcurrent(20, 4, async (i) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((r) => setTimeout(r, 2))
      seen.push(i)
      inFlight--
    })
    expect(peak).toBe(4)
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(latencies.every((ms) => ms > 0)).toBe(true)
  })
})

describe('benchmark command-line values', () => {
  it('accept positive integers with k and _ shorthands', () => {
    expect(positiveInt('10k', '--sizes')).toBe(10_000)
    expect(positiveInt('100_000', '--sizes')).toBe(100_000)
    expect(intList('10000, 100k', '--sizes')).toEqual([10_000, 100_000])
    expect(() => positiveInt('0', '--queries')).toThrow(/--queries/)
    expect(() => positiveInt('1.5', '--queries')).toThrow(/positive integer/)
  })

  it('accept lists of allowed choices only', () => {
    expect(choiceList('lexical,hybrid,lexical', ['lexical', 'vector', 'hybrid'], '--modes')).toEqual([
      'lexical',
      'hybrid',
    ])
    expect(() => choiceList('bm25', ['lexical', 'vector'], '--modes')).toThrow(/--modes expects/)
  })
})

describe('markdown result tables', () => {
  it('pad columns and right-align numeric ones', () => {
    expect(markdownTable(['mode', 'nDCG@10'], [['lexical', '0.70']], ['left', 'right'])).toBe(
      ['| mode    | nDCG@10 |', '|---------|--------:|', '| lexical |    0.70 |'].join('\n'),
    )
  })

  it('format missing numbers and ratios as a dash', () => {
    expect(fmt(Number.NaN)).toBe('–')
    expect(fmt(0.71234)).toBe('0.712')
    expect(ratio(1.5, 1)).toBe('1.50×')
    expect(ratio(1, 0)).toBe('–')
  })
})

describe('the synthetic field-note generator', () => {
  it('gives the same document for the same seed and index, and another for another seed', () => {
    expect(synthDoc(42, 7).markdown).toBe(synthDoc(42, 7).markdown)
    expect(synthDoc(43, 7).markdown).not.toBe(synthDoc(42, 7).markdown)
    expect(synthQuery(42, 3)).toBe(synthQuery(42, 3))
  })

  it('draws earlier-ranked items more often (Zipf-like)', () => {
    const rng = mulberry32(1)
    const zipf = new ZipfSampler(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 1)
    const counts = new Map<string, number>()
    for (let i = 0; i < 20_000; i++) {
      const w = zipf.draw(rng)
      counts.set(w, (counts.get(w) ?? 0) + 1)
    }
    expect(counts.get('a')!).toBeGreaterThan(counts.get('d')!)
    expect(counts.get('d')!).toBeGreaterThan(counts.get('h')!)
  })

  it('writes documents the pipeline parses without warnings into one or more chunks', () => {
    const options = { chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
    for (let i = 0; i < 20; i++) {
      const doc = synthDoc(42, i)
      const prepared = prepareDocument(
        { relPath: `${doc.id}.md`, text: doc.markdown, mtime: new Date() },
        options,
      )
      expect(prepared.parsed.warnings).toEqual([])
      expect(prepared.parsed.title).toBe(doc.title)
      expect(prepared.parsed.customer).toBe(doc.customer)
      expect(prepared.chunks.length).toBeGreaterThan(0)
    }
  })
})
