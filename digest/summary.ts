/** The executive-summary paragraph: deterministic from the numbers, or written by a chat model. */
import { type ChatSettings, chatModel } from '../embeddings/chat.ts'
import type { Digest } from '../schemas/digest.ts'
import { count, typeBreakdown } from './format.ts'

/** The digest without its summary: what a summary is written from. */
export type SummaryInput = Omit<Digest, 'executiveSummary' | 'summarySource'>

export type { ChatSettings } from '../embeddings/chat.ts'

function phrase(label: string): string {
  return label.startsWith('Week of') ? `the week of ${label.slice(8)}` : label
}

/**
 * A 2–3 sentence summary built only from the digest's numbers and top patterns (no model).
 * @example extractiveSummary(digest) // → 'In the week of 16 Nov 2026 FDEs filed 4 documents …'
 */
export function extractiveSummary(d: SummaryInput): string {
  const h = d.headline
  if (h.documents === 0) return `No documents were filed in ${phrase(d.period.label)}.`
  const types = typeBreakdown(h.byType)
  const sentences = [
    `In ${phrase(d.period.label)} FDEs filed ${count(h.documents, 'document', 'documents')} (${types}) ` +
      `across ${count(h.activeCustomers, 'customer', 'customers')}.`,
  ]
  const top = d.topPatterns[0]
  const up = d.risingPatterns.find((p) => p.id !== top?.id)
  const rising = up ? `; "${up.label}" is ${up.trend} at ${up.customerCount} customers` : ''
  if (top) {
    const fresh = d.newPatterns.length
    sentences.push(
      `The most widespread recurring problem was "${top.label}", seen at ${top.customerCount} customers ` +
        `(${top.trend})${fresh > 0 ? `, and ${count(fresh, 'new cross-customer pattern', 'new cross-customer patterns')} appeared` : ''}${rising}.`,
    )
  } else if (up) sentences.push(`"${up.label}" is ${up.trend} at ${up.customerCount} customers.`)
  const notable = d.notableIncidents
  if (notable.length > 0) {
    const sev1 = notable.filter((i) => i.severity === 'sev1').length
    const parts = [
      sev1 > 0 ? `${sev1} sev1` : '',
      notable.length - sev1 > 0 ? `${notable.length - sev1} sev2` : '',
    ]
    const latest = notable[0]!
    sentences.push(
      `${parts.filter(Boolean).join(' and ')} ${notable.length === 1 ? 'incident needs' : 'incidents need'} ` +
        `attention, led by "${latest.title}" at ${latest.customer}.`,
    )
  } else if (h.incidents > 0) {
    sentences.push('No sev1 or sev2 incidents were reported.')
  }
  return sentences.join(' ')
}

/** The facts a chat model may see: numbers, labels, titles and root causes, all from redacted text. */
function facts(d: SummaryInput): string {
  return JSON.stringify({
    period: d.period.label,
    headline: d.headline,
    topPatterns: d.topPatterns.map((p) => ({ label: p.label, customers: p.customerCount, trend: p.trend })),
    newPatterns: d.newPatterns.map((p) => p.label),
    risingPatterns: d.risingPatterns.map((p) => ({
      label: p.label,
      customers: p.customerCount,
      trend: p.trend,
      fix: p.fix,
    })),
    previousPeriod: d.previousPeriod,
    notableIncidents: d.notableIncidents.map((i) => ({
      title: i.title,
      customer: i.customer,
      severity: i.severity,
      rootCause: i.rootCause,
    })),
    edgeCases: d.edgeCases.map((e) => e.heading ?? e.title),
  })
}

const SYSTEM = [
  'You write the executive summary of a weekly digest of field reports by Forward Deployed Engineers,',
  'for engineering leadership. Write 2 or 3 plain sentences (no lists, no markdown, no greeting) using',
  'only the facts given as JSON. Lead with what needs attention; mention numbers as given.',
].join(' ')

/**
 * A summary written by the configured chat model; throws when the model fails or answers empty.
 * @example const text = await llmSummary(digest, config.chat!)
 */
export async function llmSummary(d: SummaryInput, chat: ChatSettings, timeoutMs = 30_000): Promise<string> {
  const model = await chatModel(chat, timeoutMs)
  const reply = await model.invoke([
    { role: 'system', content: SYSTEM },
    { role: 'user', content: facts(d) },
  ])
  const text = (typeof reply.content === 'string' ? reply.content : reply.text).replace(/\s+/g, ' ').trim()
  if (text === '') throw new Error('the chat model returned an empty summary')
  return text.length > 1200 ? `${text.slice(0, 1199)}…` : text
}
