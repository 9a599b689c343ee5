/**
 * Optional LLM labels: a short name and a one-line summary per pattern, written by the configured
 * chat model from the pattern's terms and a few member excerpts (already redacted at ingest).
 * Any failure leaves that pattern's extractive label in place and is reported as a warning.
 */
import pMap from 'p-map'
import { z } from 'zod'
import { type ChatSettings, chatModel } from '../embeddings/chat.ts'

export type { ChatSettings } from '../embeddings/chat.ts'

/** What the model sees about one pattern. */
export interface LabelRequest {
  terms: string[]
  excerpts: string[]
  customerCount: number
}

/** A label and summary from the model. */
export interface LlmLabel {
  label: string
  summary: string
}

const Reply = z.object({
  label: z.string().trim().min(1).max(80),
  summary: z.string().trim().min(1).max(300),
})

const SYSTEM = [
  'You name recurring problems that Forward Deployed Engineers met at several customers.',
  'Given distinctive terms and excerpts from their notes, reply with JSON only:',
  '{"label": "<problem name, at most 8 words>", "summary": "<one sentence, at most 30 words>"}.',
  'Describe the technical problem, not a customer; never name customers or people.',
].join(' ')

function prompt(r: LabelRequest): string {
  const excerpts = r.excerpts.map((e, i) => `${i + 1}. ${e}`).join('\n')
  return `Seen at ${r.customerCount} customers.\nTerms: ${r.terms.join(', ')}\nExcerpts:\n${excerpts}`
}

/**
 * Parse the model's reply: the first JSON object in it, validated; throws when there is none.
 * @example parseLabelReply('```json\n{"label":"Clock skew","summary":"…"}\n```')
 */
export function parseLabelReply(text: string): LlmLabel {
  const start = text.indexOf('{')
  const end = text.lastIndexOf('}')
  if (start < 0 || end <= start) throw new Error('no JSON object in the reply')
  const parsed = Reply.safeParse(JSON.parse(text.slice(start, end + 1)))
  if (!parsed.success) throw new Error(`unexpected reply: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return { label: parsed.data.label.replace(/\s+/g, ' '), summary: parsed.data.summary.replace(/\s+/g, ' ') }
}

/**
 * Label each request with the chat model, `concurrency` calls at a time. Returns one entry per
 * request: the label, or null when that call failed (the reason is in `warnings`).
 * @example const { labels, warnings } = await llmLabels(requests, config.chat!)
 */
export async function llmLabels(
  requests: readonly LabelRequest[],
  chat: ChatSettings,
  options: { concurrency?: number; timeoutMs?: number } = {},
): Promise<{ labels: (LlmLabel | null)[]; warnings: string[] }> {
  const model = await chatModel(chat, options.timeoutMs ?? 30_000)
  const failures: string[] = []
  const labels = await pMap(
    requests,
    async (request): Promise<LlmLabel | null> => {
      try {
        const reply = await model.invoke([
          { role: 'system', content: SYSTEM },
          { role: 'user', content: prompt(request) },
        ])
        return parseLabelReply(typeof reply.content === 'string' ? reply.content : reply.text)
      } catch (error) {
        failures.push((error as Error).message.split('\n')[0]!.slice(0, 200))
        return null
      }
    },
    { concurrency: Math.max(1, options.concurrency ?? 4) },
  )
  const warnings =
    failures.length === 0
      ? []
      : [
          `LLM labels failed for ${failures.length} of ${requests.length} patterns (extractive labels kept): ${failures[0]}`,
        ]
  return { labels, warnings }
}
