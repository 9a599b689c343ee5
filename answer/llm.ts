/**
 * The generated answer: the configured chat model writes from numbered, already-redacted chunks
 * only; every sentence must cite them. Citations to no given chunk are removed and counted.
 */

import { type ChatSettings, chatModel } from '../embeddings/chat.ts'
import { redact } from '../ingest/redact.ts'
import { segmentSentences } from '../lib/sentences.ts'
import type { AnswerSentence, CitedChunk } from '../schemas/answer.ts'

/** Bounds on what is sent to the model. */
export interface PromptLimits {
  maxChunks: number
  /** Characters per chunk. */
  maxChunkChars: number
  /** Characters of all chunks together. */
  maxContextChars: number
}

/** Defaults: about 3k tokens of context, enough for the best chunks of four documents. */
export const DEFAULT_PROMPT_LIMITS: PromptLimits = {
  maxChunks: 8,
  maxChunkChars: 1500,
  maxContextChars: 10_000,
}

const SYSTEM = [
  'You answer questions of Forward Deployed Engineers from their field notes.',
  'Use ONLY the numbered sources given; never outside knowledge.',
  'Every sentence must end with the citation of the source(s) it comes from, as [n] or [n][m].',
  'Say which customer each finding comes from. Be brief: at most 6 sentences.',
  'If the sources do not answer the question, reply exactly: NO_MATCH',
].join(' ')

/** A chat message as LangChain takes it. */
export type ChatMessage = { role: 'system' | 'user'; content: string }

/** The sources as numbered to the model, trimmed to the limits (the first `maxChunks` that fit). */
export function boundSources(
  sources: CitedChunk[],
  limits: PromptLimits = DEFAULT_PROMPT_LIMITS,
): CitedChunk[] {
  const out: CitedChunk[] = []
  let used = 0
  for (const s of sources.slice(0, limits.maxChunks)) {
    const text = s.excerpt.slice(0, limits.maxChunkChars)
    if (used + text.length > limits.maxContextChars) break
    used += text.length
    out.push({ ...s, n: out.length + 1, excerpt: text })
  }
  return out
}

/**
 * The messages for the model. Sources are stored text, redacted at ingest; the question is
 * redacted here too, since a user may paste a log line with a credential in it.
 */
export function buildMessages(question: string, sources: CitedChunk[]): ChatMessage[] {
  const body = sources
    .map((s) => `[${s.n}] ${s.customer} · ${s.title} · ${s.date} · ${s.sectionKind}\n${s.excerpt}`)
    .join('\n\n')
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Sources:\n${body}\n\nQuestion: ${redact(question).text}` },
  ]
}

const CITATION = /\s*\[(\d{1,3})\]/g

/** "… proxy. [2] Next" → "… proxy [2]. Next": a citation after the full stop belongs before it. */
export function citeBeforeStop(text: string): string {
  return text.replace(/([.!?])((?:\s*\[\d{1,3}\])+)/g, '$2$1')
}

/** One generated sentence with its valid citations, and how many invalid ones were dropped. */
export interface CleanSentence {
  sentence: AnswerSentence | null
  removed: number
}

/**
 * Strip `[n]` markers from a generated sentence, keep those that name a given source (1…`count`)
 * and count the rest. A sentence left without a valid citation is dropped (null): every claim cites.
 */
export function cleanSentence(raw: string, count: number): CleanSentence {
  const citations: number[] = []
  let removed = 0
  const text = raw
    .replace(CITATION, (_, d: string) => {
      const n = Number(d)
      if (n >= 1 && n <= count) {
        if (!citations.includes(n)) citations.push(n)
      } else removed += 1
      return ''
    })
    .replace(/\s+([.,;:!?])/g, '$1')
    .trim()
  if (!text) return { sentence: null, removed }
  if (citations.length === 0) return { sentence: null, removed }
  return { sentence: { text, citations, customer: null, kind: null }, removed }
}

/** What a generation produced. */
export interface Generated {
  sentences: AnswerSentence[]
  /** Citations naming no given source, removed. */
  removedCitations: number
  /** Sentences dropped for citing nothing valid. */
  uncited: number
  /** The model said the sources do not answer the question. */
  noMatch: boolean
}

/** Options of {@link generateAnswer}. */
export interface GenerateOptions {
  timeoutMs?: number
  /** Called with each cleaned sentence as soon as the stream completes it. */
  onSentence?: (s: AnswerSentence) => void
}

/**
 * Stream the model's answer, cleaning sentence by sentence (a sentence is complete once the
 * segmenter sees the next one begin). Throws on model failure or timeout; the caller falls back.
 */
export async function generateAnswer(
  chat: ChatSettings,
  question: string,
  sources: CitedChunk[],
  options: GenerateOptions = {},
): Promise<Generated> {
  const timeoutMs = options.timeoutMs ?? 20_000
  const model = await chatModel(chat, timeoutMs)
  const out: Generated = { sentences: [], removedCitations: 0, uncited: 0, noMatch: false }
  const take = (raw: string) => {
    if (!raw.trim()) return
    const c = cleanSentence(raw, sources.length)
    out.removedCitations += c.removed
    if (!c.sentence) {
      if (!/^\s*NO_MATCH\s*$/.test(raw)) out.uncited += 1
      return
    }
    out.sentences.push(c.sentence)
    options.onSentence?.(c.sentence)
  }
  let buffer = ''
  let all = ''
  // One deadline for the whole stream, retries included.
  const stream = await model.stream(buildMessages(question, sources), {
    signal: AbortSignal.timeout(timeoutMs),
  })
  for await (const chunk of stream) {
    const piece = typeof chunk.content === 'string' ? chunk.content : chunk.text
    buffer = citeBeforeStop(buffer + piece)
    all += piece
    const parts = segmentSentences(buffer)
    // Citations follow the full stop ("… proxy. [2]"): hold the last two segments back.
    while (parts.length > 2) take(parts.shift()!)
    buffer = parts.join('')
  }
  for (const s of segmentSentences(buffer)) take(s)
  out.noMatch = /^\s*NO_MATCH\s*$/.test(all)
  return out
}
