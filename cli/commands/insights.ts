import type { z } from 'zod'
import type { RefreshResult } from '../../insights/refresh.ts'
import { ValidationError } from '../../lib/errors.ts'
import type { Context } from '../context.ts'
import { type CliIO, printJson } from '../io.ts'
import type { Register } from '../main.ts'

/**
 * Validate CLI flags with a zod schema; throws `ValidationError` naming each bad flag (exit 2).
 * @example const q = parseInput(PatternsQuery, { minCustomers: '3' })
 */
export function parseInput<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.output<S> {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
  const result = schema.safeParse(defined)
  if (result.success) return result.data
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
  const flag = (p: string[]) => `--${(p[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
  throw new ValidationError(issues.map((i) => `${flag(i.path)}: ${i.message}`).join('; '), issues)
}

/** One line about a refresh, for humans. */
export function describeRefresh(r: RefreshResult): string {
  return (
    `insights: ${r.counts.patterns} pattern${r.counts.patterns === 1 ? '' : 's'} across customers, ` +
    `${r.counts.edgeCases} edge case${r.counts.edgeCases === 1 ? '' : 's'} ` +
    `from ${r.counts.selected} problem sections (${(r.durationMs / 1000).toFixed(1)} s)`
  )
}

/**
 * Call after an ingest run: refresh insights when the run changed anything, print one line to
 * stderr, and never fail the ingest (a failed refresh is reported and the old insights stay).
 * @example await refreshInsightsAfterIngest(ctx(), summary, io)
 */
export async function refreshInsightsAfterIngest(
  context: Context,
  summary: { added: number; updated: number; pruned: number },
  io: CliIO,
): Promise<RefreshResult | null> {
  try {
    const { refreshAfterIngest } = await import('../../insights/refresh.ts')
    const result = await refreshAfterIngest(await context.db(), summary, { chat: context.config.chat })
    if (result) io.stderr.write(`${describeRefresh(result)}\n`)
    for (const w of result?.warnings ?? []) io.stderr.write(`  warning: ${w}\n`)
    return result
  } catch (error) {
    io.stderr.write(`insights: refresh failed, previous insights kept: ${(error as Error).message}\n`)
    return null
  }
}

/** `fieldkb insights refresh | edge-cases`: recompute patterns, list one-offs. */
export const registerInsights: Register = (program, ctx, io) => {
  const insights = program
    .command('insights')
    .description('Mine recurring problems across customers (patterns) and one-off edge cases.')
  insights
    .command('refresh')
    .description('Recompute patterns and edge cases from everything ingested (replaces the previous set).')
    .option('--min-customers <n>', 'keep groups spanning at least n customers (default 2)')
    .option('--as-of <date>', 'reference date for trends (default: the latest document date)')
    .option('--no-llm', 'extractive labels only, even when FIELDKB_CHAT_MODEL is set')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { minCustomers?: string; asOf?: string; llm: boolean; json?: boolean }) => {
      const { RefreshFlags } = await import('../../schemas/insights.ts')
      const flags = parseInput(RefreshFlags, { minCustomers: opts.minCustomers, asOf: opts.asOf })
      const { refreshInsights } = await import('../../insights/refresh.ts')
      const c = ctx()
      const result = await refreshInsights(await c.db(), {
        minCustomers: flags.minCustomers,
        referenceDate: flags.asOf,
        chat: opts.llm ? c.config.chat : undefined,
      })
      if (opts.json) return printJson(io, result)
      io.stdout.write(`${describeRefresh(result)}\n`)
      for (const w of result.warnings) io.stderr.write(`warning: ${w}\n`)
      for (const p of result.patterns.slice(0, 10)) {
        io.stdout.write(
          `  ${String(p.rank).padStart(3)}. [${p.customerCount} customers, ${p.trend}] ${p.label}\n`,
        )
      }
      if (result.patterns.length > 10) io.stdout.write('  … see `fieldkb patterns` for all\n')
    })
  insights
    .command('edge-cases')
    .description('List one-off problems that fit no cross-customer pattern, per customer.')
    .option('--customer <name>', 'only this customer (case-insensitive)')
    .option('--json', 'print as JSON')
    .action(async (opts: { customer?: string; json?: boolean }) => {
      const { EdgeCasesQuery } = await import('../../schemas/insights.ts')
      const q = parseInput(EdgeCasesQuery, { customer: opts.customer, limit: 1000 })
      const { listEdgeCases } = await import('../../insights/read.ts')
      const list = await listEdgeCases(await ctx().db(), q)
      if (opts.json) return printJson(io, { edgeCases: list })
      let customer = ''
      for (const e of list) {
        if (e.customer !== customer) {
          io.stdout.write(`${customer ? '\n' : ''}${e.customer}\n`)
          customer = e.customer
        }
        io.stdout.write(`  ${e.date}  ${e.heading ?? e.title}  (${e.sourcePath})\n    ${e.excerpt}\n`)
      }
      if (list.length === 0) io.stdout.write('No edge cases (run `fieldkb insights refresh` first).\n')
    })
}
