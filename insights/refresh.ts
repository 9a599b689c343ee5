/**
 * Refresh the stored insights: read chunks and vectors, compute patterns and edge cases (pure),
 * optionally name them with an LLM, and replace the stored set in one transaction.
 */
import { createHash } from 'node:crypto'
import { type Db, type Queryable, SNAPSHOT } from '../storage/db.ts'
import { computeInsights, INSIGHT_DEFAULTS, type InsightOptions } from './compute.ts'
import { excerpt } from './excerpt.ts'
import { keepIds, predecessors } from './identity.ts'
import { type ChatSettings, type LabelRequest, llmLabels } from './llm-labels.ts'
import { latestDocumentDate, loadChunks, loadEmbeddings } from './load.ts'
import { type SelectOptions, selectProblemChunks } from './select.ts'
import { storedPatterns, writeInsights } from './store.ts'
import type { ComputedEdgeCase, ComputedPattern, InsightChunk } from './types.ts'

/** Options of {@link refreshInsights}. */
export interface RefreshOptions extends InsightOptions {
  selection?: SelectOptions
  /** Chat model for LLM labels and summaries (`config.chat`); without it labels are extractive. */
  chat?: ChatSettings
  /** At most this many patterns (by rank) get LLM labels per refresh (default 30). */
  llmMaxPatterns?: number
}

/** What a refresh computed and stored. */
export interface RefreshResult {
  runId: number
  patterns: ComputedPattern[]
  edgeCases: ComputedEdgeCase[]
  durationMs: number
  /** Non-fatal problems (LLM failures); the refresh itself succeeded. */
  warnings: string[]
  counts: { chunks: number; selected: number; patterns: number; edgeCases: number }
  referenceDate: string | null
}

/**
 * Recompute and store all patterns and edge cases. Deterministic for the same store and options
 * (the reference date defaults to the latest document date, not today).
 * @example const { patterns, edgeCases, durationMs } = await refreshInsights(db, { chat: config.chat })
 */
export async function refreshInsights(db: Db, options: RefreshOptions = {}): Promise<RefreshResult> {
  const startedAt = new Date()
  const started = performance.now()
  // One snapshot: an ingest replacing a document between these reads would otherwise leave chosen
  // chunks without their vectors ("chunk … has no embedding").
  const { chunks, selected, embeddings, latest } = await db.transaction(async (tx) => {
    const chunks = await loadChunks(tx)
    const selected = selectProblemChunks(chunks, options.selection)
    const ids = selected.map((s) => s.chunk.chunkId)
    return {
      chunks,
      selected,
      embeddings: await loadEmbeddings(tx, ids),
      latest: await latestDocumentDate(tx),
    }
  }, SNAPSHOT)
  const referenceDate = options.referenceDate ?? latest ?? undefined
  const chosen = new Set(selected.map((s) => s.chunk.chunkId))
  const background = chunks
    .filter((c) => !chosen.has(c.chunkId))
    .map((c) => ({ text: [...c.headingPath.slice(1), c.text].join('\n'), customer: c.customer }))
  const result = computeInsights(selected, embeddings, { ...options, referenceDate }, background)
  const { chat, selection, llmMaxPatterns, ...rest } = options
  const params = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined))
  const warnings: string[] = []
  // Ids follow the stored patterns by member overlap, so a slightly changed pattern keeps its id.
  const previous = await storedPatterns(db)
  let patterns = keepIds(result.patterns, previous)
  // Successors of split or merged patterns inherit their annotations (insights/workflow.ts).
  const lineage = predecessors(patterns, previous)
  if (chat) {
    const named = await nameWithLlm(db, patterns, chunks, chat, llmMaxPatterns ?? 30)
    patterns = named.patterns
    warnings.push(...named.warnings)
  }
  const counts = {
    chunks: chunks.length,
    selected: selected.length,
    patterns: patterns.length,
    edgeCases: result.edgeCases.length,
  }
  const computeMs = Math.round(performance.now() - started)
  const runId = await writeInsights(
    db,
    patterns,
    result.edgeCases,
    {
      startedAt,
      inputHash: await inputHash(db, chunks, { ...params, selection, referenceDate }),
      params: {
        ...INSIGHT_DEFAULTS,
        ...params,
        referenceDate,
        selection: selection ?? null,
        llm: chat ? chat.model : null,
      },
      counts: { ...counts, computeMs, warnings, calibration: result.stats.calibration },
    },
    lineage,
  )
  const durationMs = Math.round(performance.now() - started)
  return {
    runId,
    patterns,
    edgeCases: result.edgeCases,
    durationMs,
    warnings,
    counts,
    referenceDate: referenceDate ?? null,
  }
}

/**
 * The hook to call after an ingest run: refreshes when the run added, updated or pruned anything,
 * and returns null (doing nothing) otherwise.
 * @example await refreshAfterIngest(db, summary, { chat: config.chat })
 */
export async function refreshAfterIngest(
  db: Db,
  summary: { added: number; updated: number; pruned: number },
  options: RefreshOptions = {},
): Promise<RefreshResult | null> {
  if (summary.added + summary.updated + summary.pruned === 0) return null
  return refreshInsights(db, options)
}

// LLM names are kept per pattern id (a hash of the members): an unchanged pattern keeps its
// name without another model call, so refreshing after every ingest stays cheap.
async function nameWithLlm(
  db: Queryable,
  patterns: ComputedPattern[],
  chunks: readonly InsightChunk[],
  chat: ChatSettings,
  max: number,
): Promise<{ patterns: ComputedPattern[]; warnings: string[] }> {
  const known = new Map(
    (
      await db.query<{ id: string; label: string; summary: string }>(
        'SELECT id, label, summary FROM patterns WHERE summary IS NOT NULL',
      )
    ).map((r) => [r.id, r]),
  )
  const textOf = new Map(chunks.map((c) => [c.chunkId, c.text]))
  const todo = patterns.slice(0, max).filter((p) => !known.has(p.id))
  const requests: LabelRequest[] = todo.map((p) => ({
    terms: p.terms,
    customerCount: p.customerCount,
    excerpts: samples(p, textOf),
  }))
  const { labels, warnings } =
    requests.length > 0 ? await llmLabels(requests, chat) : { labels: [], warnings: [] }
  const fresh = new Map(todo.map((p, i) => [p.id, labels[i]]))
  const named = patterns.map((p) => {
    const label = known.get(p.id) ?? fresh.get(p.id)
    return label ? { ...p, label: label.label, summary: label.summary } : p
  })
  return { patterns: named, warnings }
}

/** Up to three excerpts from different documents, closest to the centre first. */
function samples(p: ComputedPattern, textOf: Map<number, string>): string[] {
  const byFit = [...p.members].sort((a, b) => b.similarity - a.similarity || a.chunkId - b.chunkId)
  const seen = new Set<number>()
  const out: string[] = []
  for (const m of byFit) {
    if (out.length === 3 || seen.has(m.documentId)) continue
    seen.add(m.documentId)
    out.push(excerpt(textOf.get(m.chunkId) ?? '', 400))
  }
  return out
}

/** sha256 over every chunk's identity, metadata and text, the store's model, and the parameters. */
async function inputHash(db: Queryable, chunks: readonly InsightChunk[], params: unknown): Promise<string> {
  const [model] = await db.query<{ value: unknown }>(
    "SELECT value FROM store_meta WHERE key = 'embedding_model'",
  )
  const hash = createHash('sha256').update(JSON.stringify({ model: model?.value ?? null, params }))
  for (const c of chunks) {
    hash.update(JSON.stringify([c.chunkId, c.documentId, c.customer, c.date, c.type, c.headingPath, c.text]))
  }
  return hash.digest('hex')
}
