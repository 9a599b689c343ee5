/** The offline answer: symptom, root cause and fix sentences of the best documents, cited (pure). */
import type { Answer, AnswerConfidence, AnswerSentence, CitedChunk } from '../schemas/answer.ts'
import type { SectionKind } from '../schemas/document.ts'
import type { DocumentSummary } from '../schemas/search.ts'
import { choosePattern, patternLine } from './pattern.ts'
import type { KindedChunk, PatternOfDocs } from './queries.ts'
import { sentenceScore, splitSentences, topicWords, trimSentence } from './sentences.ts'

/** A retrieved document: its summary, best fused score and the retrieved chunk ids, best first. */
export interface RankedDocument {
  doc: DocumentSummary
  score: number
  hitChunkIds: number[]
  /** Share of the question's term weight this document holds. */
  coverage: number
}

/** Limits of the extractive answer. */
export interface ExtractiveOptions {
  maxDocuments: number
  maxPerCustomer: number
  /** A document is cited only if its score is at least this fraction of the best one. */
  relativeScore: number
  /** …and it holds at least this share of the question's term weight. */
  minCoverage: number
}

/** Defaults (bench/ask.ts measures citation precision with them). */
export const DEFAULT_EXTRACTIVE: ExtractiveOptions = {
  maxDocuments: 4,
  maxPerCustomer: 2,
  relativeScore: 0.5,
  minCoverage: 0.4,
}

// The story of a field problem, in the order it is told; fix and workaround share the last slot.
const SLOTS: { label: string; kinds: SectionKind[] }[] = [
  { label: 'Symptom', kinds: ['problem', 'impact'] },
  { label: 'Root cause', kinds: ['root-cause'] },
  { label: 'Fix', kinds: ['fix', 'workaround'] },
]
const KIND_LABEL: Partial<Record<SectionKind, string>> = { workaround: 'Workaround', impact: 'Symptom' }

/** The parts of an answer the extractive step fills in. */
export type AnswerBody = Pick<Answer, 'text' | 'sentences' | 'citations' | 'customers' | 'pattern'>

/** Documents worth citing: relevant enough, best first, a few per customer. */
export function chooseDocuments(ranked: RankedDocument[], o: ExtractiveOptions = DEFAULT_EXTRACTIVE) {
  const top = ranked[0]?.score ?? 0
  const perCustomer = new Map<string, number>()
  const chosen: RankedDocument[] = []
  for (const r of ranked) {
    if (chosen.length >= o.maxDocuments) break
    if (r.score < top * o.relativeScore || r.coverage < o.minCoverage) continue
    const key = r.doc.customer.toLowerCase()
    const n = perCustomer.get(key) ?? 0
    if (n >= o.maxPerCustomer) continue
    perCustomer.set(key, n + 1)
    chosen.push(r)
  }
  return chosen
}

interface Picked {
  chunk: KindedChunk
  sentence: string
  label: string
}

function bestSentence(
  chunks: KindedChunk[],
  words: Set<string>,
): { chunk: KindedChunk; sentence: string } | null {
  let best: { chunk: KindedChunk; sentence: string; score: number } | null = null
  for (const chunk of chunks) {
    splitSentences(chunk.text).forEach((sentence, i) => {
      // A lead-in to a code block or list ("The error in the log:") says nothing on its own.
      if (sentence.length < 12 || /:$/.test(sentence) || sentence.split(' ').length < 4) return
      // The opening sentence of a section usually states its point.
      const score = sentenceScore(sentence, words) + (i === 0 ? 0.12 : 0)
      if (!best || score > best.score) best = { chunk, sentence, score }
    })
  }
  return best
}

/** The symptom / root cause / fix sentences of one document, or its best retrieved sentence. */
export function pickSentences(doc: RankedDocument, chunks: KindedChunk[], question: string): Picked[] {
  const words = new Set(topicWords(question))
  const picks: Picked[] = []
  for (const slot of SLOTS) {
    const found = bestSentence(
      chunks.filter((c) => slot.kinds.includes(c.sectionKind)),
      words,
    )
    if (found) picks.push({ ...found, label: KIND_LABEL[found.chunk.sectionKind] ?? slot.label })
  }
  if (picks.length > 0) return picks
  const hit = new Set(doc.hitChunkIds)
  const found = bestSentence(
    chunks.filter((c) => hit.has(c.chunkId)),
    words,
  )
  return found ? [{ ...found, label: '' }] : []
}

/** A chunk as cited, its text trimmed for display. */
export function citedChunk(n: number, chunk: KindedChunk, doc: DocumentSummary): CitedChunk {
  return {
    n,
    chunkId: chunk.chunkId,
    documentId: doc.id,
    title: doc.title,
    customer: doc.customer,
    date: doc.date,
    type: doc.type,
    sourcePath: doc.sourcePath,
    headingPath: chunk.headingPath,
    sectionKind: chunk.sectionKind,
    excerpt: trimSentence(chunk.text.replace(/\s+/g, ' ').trim(), 600),
  }
}

/** The "no strong match" answer body, naming the deciding signal. */
export function noMatchBody(confidence: AnswerConfidence): AnswerBody {
  return {
    text: `No strong match: ${confidence.reason}. Try other words, or fewer filters.`,
    sentences: [],
    citations: [],
    customers: [],
    pattern: null,
  }
}

/**
 * Build the extractive answer: per chosen document (grouped by customer) its symptom, root cause
 * and fix sentences, each citing its chunk; then the pattern line.
 */
export function extractiveAnswer(
  question: string,
  ranked: RankedDocument[],
  chunks: KindedChunk[],
  patterns: PatternOfDocs[],
  options: ExtractiveOptions = DEFAULT_EXTRACTIVE,
): AnswerBody {
  const chosen = chooseDocuments(ranked, options)
  const byCustomer = new Map<string, RankedDocument[]>()
  for (const r of chosen) byCustomer.set(r.doc.customer, [...(byCustomer.get(r.doc.customer) ?? []), r])
  const citations: CitedChunk[] = []
  const numberOf = new Map<number, number>()
  const sentences: AnswerSentence[] = []
  const paragraphs: string[] = []
  for (const [customer, docs] of byCustomer) {
    const told: string[] = []
    for (const r of docs) {
      const picks = pickSentences(
        r,
        chunks.filter((c) => c.documentId === r.doc.id),
        question,
      )
      if (picks.length === 0) continue
      const parts = picks.map((p) => {
        let n = numberOf.get(p.chunk.chunkId)
        if (n === undefined) {
          n = citations.length + 1
          numberOf.set(p.chunk.chunkId, n)
          citations.push(citedChunk(n, p.chunk, r.doc))
        }
        const text = `${p.label ? `${p.label}: ` : ''}${trimSentence(p.sentence)}`
        sentences.push({ text, citations: [n], customer, kind: p.chunk.sectionKind })
        return `${text} [${n}]`
      })
      told.push(`“${r.doc.title}” (${r.doc.date}): ${parts.join(' ')}`)
    }
    // One paragraph per customer, however many of its documents are cited.
    if (told.length > 0) paragraphs.push(`At ${customer} — ${told.join(' Also ')}`)
  }
  const customers = [...new Set(citations.map((c) => c.customer))]
  const pattern = choosePattern(
    patterns,
    citations.map((c) => c.documentId),
  )
  const n = customers.length
  const opening =
    n > 1 ? `Yes — seen at ${n} customers.` : n === 1 ? `Seen at 1 customer (${customers[0]}).` : ''
  const lines = [opening, ...paragraphs, pattern ? patternLine(pattern) : ''].filter(Boolean)
  return { text: lines.join('\n'), sentences, citations, customers, pattern }
}
