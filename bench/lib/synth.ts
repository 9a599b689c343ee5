/**
 * A deterministic generator of field-note-like markdown at any scale. Words follow a Zipf-like
 * distribution, and each document leans on one or two "topics" (clusters of content words), so
 * term statistics and embeddings have realistic structure: BM25 sees skewed document frequencies and
 * vectors see documents that cluster. Document `i` of a seed is always the same text.
 */

import { CONTENT_WORDS, CUSTOMERS, FUNCTION_WORDS, HEADINGS } from './synth-words.ts'

/** A small, fast, seedable PRNG (mulberry32); returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Draws items with probability ∝ 1/(rank + 2.7)^s (Zipf–Mandelbrot) by binary search on the CDF. */
export class ZipfSampler<T> {
  readonly #items: readonly T[]
  readonly #cdf: Float64Array

  /** `items` in rank order (most frequent first); `s` is the exponent (about 1 for natural text). */
  constructor(items: readonly T[], s = 1) {
    this.#items = items
    this.#cdf = new Float64Array(items.length)
    let sum = 0
    for (let r = 0; r < items.length; r++) {
      sum += 1 / (r + 2.7) ** s
      this.#cdf[r] = sum
    }
    for (let r = 0; r < items.length; r++) this.#cdf[r]! /= sum
  }

  /** One item. */
  draw(rng: () => number): T {
    const u = rng()
    let lo = 0
    let hi = this.#cdf.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.#cdf[mid]! < u) lo = mid + 1
      else hi = mid
    }
    return this.#items[lo]!
  }
}

/** A generated document. */
export interface SynthDoc {
  id: string
  title: string
  customer: string
  /** The markdown body (headings and paragraphs, no frontmatter). */
  body: string
  /** The whole file: frontmatter + body. */
  markdown: string
}

const TYPES = ['field-report', 'incident', 'integration-doc'] as const
const content = [...new Set(CONTENT_WORDS)]
const contentZipf = new ZipfSampler(content, 1.05)
const functionZipf = new ZipfSampler(FUNCTION_WORDS, 1)
const customerZipf = new ZipfSampler(CUSTOMERS, 0.8)
const TOPIC_COUNT = 60
const TOPIC_SIZE = 24

/** Topic `t`: a fixed, seed-independent cluster of content words. */
function topicWords(t: number): string[] {
  const rng = mulberry32(0x5eed + t * 7919)
  const picked = new Set<string>()
  while (picked.size < TOPIC_SIZE) picked.add(content[Math.floor(rng() * content.length)]!)
  return [...picked]
}

const topics = Array.from({ length: TOPIC_COUNT }, (_, t) => new ZipfSampler(topicWords(t), 0.7))
const topicZipf = new ZipfSampler(
  Array.from({ length: TOPIC_COUNT }, (_, t) => t),
  0.6,
)

function between(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1))
}

function sentence(rng: () => number, topic: ZipfSampler<string>): string {
  const n = between(rng, 7, 22)
  const words: string[] = []
  for (let i = 0; i < n; i++) {
    const r = rng()
    if (r < 0.4) words.push(functionZipf.draw(rng))
    else if (r < 0.75) words.push(topic.draw(rng))
    else if (r < 0.98) words.push(contentZipf.draw(rng))
    else words.push(String(between(rng, 2, 999)))
  }
  const text = words.join(' ')
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
}

/**
 * Document `index` for `seed`: frontmatter (title, customer, type, date, tags) and 2–4 sections of
 * 1–4 paragraphs, about 80–900 words (one to a few chunks at fieldkb's default chunk size).
 */
export function synthDoc(seed: number, index: number): SynthDoc {
  const rng = mulberry32((seed * 1_000_003 + index * 2_654_435_761) >>> 0)
  const main = topics[topicZipf.draw(rng)]!
  const second = topics[topicZipf.draw(rng)]!
  const pickTopic = () => (rng() < 0.75 ? main : second)
  const customer = customerZipf.draw(rng)
  const words = Array.from({ length: between(rng, 3, 7) }, () => main.draw(rng)).join(' ')
  const title = `${words.charAt(0).toUpperCase()}${words.slice(1)}`
  const sections: string[] = []
  const used = new Set<string>()
  for (let s = between(rng, 2, 4); s > 0; s--) {
    let heading = HEADINGS[Math.floor(rng() * HEADINGS.length)]!
    if (used.has(heading)) heading = `${heading} ${used.size + 1}`
    used.add(heading)
    const paragraphs = Array.from({ length: between(rng, 1, 4) }, () => {
      const t = pickTopic()
      return Array.from({ length: between(rng, 2, 5) }, () => sentence(rng, t)).join(' ')
    })
    sections.push(`## ${heading}\n\n${paragraphs.join('\n\n')}`)
  }
  const body = sections.join('\n\n')
  const day = new Date(Date.UTC(2024, 0, 1) + between(rng, 0, 730) * 86_400_000).toISOString().slice(0, 10)
  const tags = [...new Set([main.draw(rng), main.draw(rng), second.draw(rng)])]
  const front = [
    `title: ${JSON.stringify(title)}`,
    `customer: ${customer}`,
    `type: ${TYPES[Math.floor(rng() * TYPES.length)]}`,
    `date: ${day}`,
    `tags: [${tags.join(', ')}]`,
  ]
  return {
    id: `doc-${index}`,
    title,
    customer,
    body,
    markdown: `---\n${front.join('\n')}\n---\n\n# ${title}\n\n${body}\n`,
  }
}

/** Query `index` for `seed`: 2–6 words from one topic, sometimes with a function word. */
export function synthQuery(seed: number, index: number): string {
  const rng = mulberry32((seed * 7_368_787 + index * 40_503 + 17) >>> 0)
  const topic = topics[topicZipf.draw(rng)]!
  const words = Array.from({ length: between(rng, 2, 6) }, () => topic.draw(rng))
  if (rng() < 0.3) words.splice(1, 0, functionZipf.draw(rng))
  return [...new Set(words)].join(' ')
}
