/** Assemble the digest for a period from the store (stored, redacted text only). */

import { addDays } from '../lib/dates.ts'
import { toError } from '../lib/errors.ts'
import { Digest, type DigestPattern, type DigestPeriod } from '../schemas/digest.ts'
import type { TokenScope } from '../schemas/governance.ts'
import type { Queryable } from '../storage/db.ts'
import {
  documentChunks,
  documentsByCustomer,
  documentsByWeek,
  headlineCounts,
  notableIncidents,
} from '../storage/digest-facts.ts'
import { changes } from './changes.ts'
import { clip, searchUrl } from './format.ts'
import { periodDays } from './period.ts'
import { fixLine, rootCause } from './root-cause.ts'
import { type PatternFacts, readInsights } from './sources.ts'
import { type ChatSettings, extractiveSummary, llmSummary, type SummaryInput } from './summary.ts'
import { workflowFacts } from './workflow-source.ts'

/** Inputs of {@link buildDigest}. */
export interface BuildOptions {
  period: DigestPeriod
  /** Base of the web UI links, without a trailing slash (`Config.server.publicUrl`). */
  publicUrl: string
  /** When set, a chat model writes the executive summary (extractive fallback if it fails). */
  chat?: ChatSettings | undefined
  /** Clock for `generatedAt`. */
  now?: () => Date
  /** Where a failed model call is reported. */
  log?: (line: string) => void
  /** Why this period was chosen (from `defaultPeriod`), shown at the top. */
  note?: string | null
  /** The reader's token scope: incidents, edge cases and fixes come only from documents it may read. */
  scope?: TokenScope
}

/** Most patterns listed in "top patterns". */
export const TOP_PATTERNS = 5

function pattern(p: PatternFacts, publicUrl: string, fix: string | null = null): DigestPattern {
  return {
    id: p.id,
    label: p.label,
    terms: p.terms,
    customers: p.customers,
    customerCount: p.customerCount,
    documentCount: p.documentCount,
    periodDocumentCount: p.periodDocumentCount,
    previousPeriodDocumentCount: p.previousPeriodDocumentCount,
    trend: p.trend,
    fix,
    firstSeen: p.firstSeen,
    lastSeen: p.lastSeen,
    url: `${publicUrl}/patterns/${encodeURIComponent(p.id)}`,
    searchUrl: searchUrl(publicUrl, (p.terms.length > 0 ? p.terms.slice(0, 3) : [p.label]).join(' ')),
  }
}

/** The lead sentence of the newest member document with a fix section, or null. */
async function fixes(db: Queryable, patterns: readonly PatternFacts[]): Promise<Map<string, string | null>> {
  const chunks = await documentChunks(db, [...new Set(patterns.flatMap((p) => p.documentIds))])
  const lineOf = (id: number) => {
    const c = chunks.get(id) ?? []
    return c.length > 0 ? fixLine(c) : null
  }
  return new Map(patterns.map((p) => [p.id, p.documentIds.map(lineOf).find((l) => l !== null) ?? null]))
}

/**
 * Build the digest: headline numbers and the previous period's, cross-customer, rising and new
 * patterns (with "what fixed it"), incidents with extractive root causes, new edge cases, links,
 * and an executive summary.
 * @example const d = await buildDigest(db, { period, publicUrl: config.server.publicUrl, chat: config.chat })
 */
export async function buildDigest(db: Queryable, options: BuildOptions): Promise<Digest> {
  const { period, publicUrl } = options
  const days = periodDays(period.from, period.to)
  const previous = { from: addDays(period.from, -days), to: addDays(period.from, -1) }
  const [counts, before, incidents, others, insights, workflow, byCustomer, byWeek] = await Promise.all([
    headlineCounts(db, period),
    headlineCounts(db, previous),
    notableIncidents(db, period, 10, true, options.scope),
    notableIncidents(db, period, 10, false, options.scope),
    readInsights(db, period, previous, 10, options.scope),
    workflowFacts(db, period.to),
    documentsByCustomer(db, period),
    documentsByWeek(db, period.to),
  ])
  const fixOf = await fixes(db, insights.rising)
  const incident = (i: (typeof incidents)[number]) => ({
    documentId: i.documentId,
    title: i.title,
    customer: i.customer,
    date: i.date,
    severity: i.severity,
    rootCause: rootCause(i.chunks),
    url: docUrl(i.documentId),
  })
  const docUrl = (id: number) => `${publicUrl}/documents/${id}`
  const newPatterns = insights.patterns
    .filter((p) => p.firstSeen >= period.from && p.firstSeen <= period.to)
    .map((p) => pattern(p, publicUrl))
  const risingPatterns = insights.rising.map((p) => pattern(p, publicUrl, fixOf.get(p.id) ?? null))
  const known = new Map(
    [...insights.patterns, ...insights.rising].map((p) => [p.id, pattern(p, publicUrl)] as const),
  )
  const regressed = workflow.regressedIds.flatMap((id) => known.get(id) ?? [])
  const input: SummaryInput = {
    period,
    headline: { ...counts, crossCustomerPatterns: insights.patterns.length },
    topPatterns: insights.patterns.slice(0, TOP_PATTERNS).map((p) => pattern(p, publicUrl)),
    newPatterns,
    risingPatterns,
    notableIncidents: incidents.map(incident),
    otherIncidents: others.map(incident),
    previousPeriod: {
      ...previous,
      documents: before.documents,
      incidents: before.incidents,
      activeCustomers: before.activeCustomers,
      bySeverity: before.bySeverity,
      crossCustomerPatterns: insights.previousActive,
    },
    edgeCases: insights.edgeCases.map((e) => ({ ...e, excerpt: clip(e.excerpt), url: docUrl(e.documentId) })),
    links: { home: publicUrl, patterns: `${publicUrl}/patterns`, search: `${publicUrl}/search?q=` },
    insightsAvailable: insights.available,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    periodNote: options.note ?? null,
    whatChanged: changes({ regressed, newPatterns, risingPatterns }),
    acknowledged: workflow.acknowledged.map((a) => ({
      ...a,
      url: `${publicUrl}/patterns/${encodeURIComponent(a.id)}`,
    })),
    charts: { byCustomer, byWeek },
  }
  const summary = await summarise(input, options)
  return Digest.parse({ ...input, ...summary })
}

async function summarise(
  input: SummaryInput,
  options: BuildOptions,
): Promise<Pick<Digest, 'executiveSummary' | 'summarySource'>> {
  if (options.chat && input.headline.documents > 0) {
    try {
      return { executiveSummary: await llmSummary(input, options.chat), summarySource: 'llm' }
    } catch (error) {
      const key = options.chat.apiKey
      // Provider errors may quote the key (masked or not): never let it reach a log.
      const reason = key.length >= 4 ? toError(error).message.split(key).join('***') : toError(error).message
      options.log?.(`digest: the chat model failed (${reason}); using the extractive summary`)
    }
  }
  return { executiveSummary: extractiveSummary(input), summarySource: 'extractive' }
}
