import type { PatternDetail } from '../../schemas/insights.ts'
import type { PatternRow } from '../../schemas/workflow.ts'
import { type CliIO, printJson } from '../io.ts'
import type { Register } from '../main.ts'
import { registerPatternWorkflow } from './pattern-workflow.ts'

/** Parsed `fieldkb patterns` flags. */
interface PatternOpts {
  minCustomers?: string
  from?: string
  to?: string
  json?: boolean
}

/**
 * `fieldkb patterns`: recurring problems across customers, as a table (with workflow status and
 * the regressed flag), then their documents; `patterns set` and `patterns export` below it.
 */
export const registerPatterns: Register = (program, ctx, io) => {
  const patterns = program.command('patterns')
  registerPatternWorkflow(patterns, ctx, io)
  patterns
    .description('List problems that recur across customers (run `fieldkb insights refresh` first).')
    .option('--min-customers <n>', 'only patterns seen at at least n distinct customers')
    .option('--from <date>', 'only patterns with a document on or after this day (YYYY-MM-DD)')
    .option('--to <date>', 'only patterns with a document on or before this day (YYYY-MM-DD)')
    .option('--json', 'print as JSON (patterns with their members)')
    .action(async (opts: PatternOpts) => {
      // Loaded on use so `--help` and other commands start fast.
      const { parseInput } = await import('./insights.ts')
      const { PatternsQuery } = await import('../../schemas/insights.ts')
      const { getPattern, lastRun } = await import('../../insights/read.ts')
      const { listPatternRows } = await import('../../insights/workflow-read.ts')
      const filter = parseInput(PatternsQuery, {
        minCustomers: opts.minCustomers,
        from: opts.from,
        to: opts.to,
      })
      const db = await ctx().db()
      const [list, run] = await Promise.all([listPatternRows(db, filter), lastRun(db)])
      const details = await Promise.all(list.map(async (p) => ({ ...(await getPattern(db, p.id)), ...p })))
      if (opts.json) return printJson(io, { patterns: details, run })
      if (!run) {
        io.stdout.write('No insights yet: run `fieldkb insights refresh` (ingest runs it too).\n')
        return
      }
      const reference = (run.params as { referenceDate?: string }).referenceDate
      io.stdout.write(
        `${list.length} pattern${list.length === 1 ? '' : 's'} (refreshed ${run.finishedAt.slice(0, 16).replace('T', ' ')} UTC` +
          `${reference ? `, trends as of ${reference}` : ''})\n\n`,
      )
      if (list.length === 0) return
      printTable(io, list)
      for (const p of details) printMembers(io, p)
    })
}

const pad = (s: string | number, n: number) => String(s).padStart(n)

function printTable(io: CliIO, list: PatternRow[]): void {
  const out = (line: string) => io.stdout.write(`${line.trimEnd()}\n`)
  out(
    `${pad('RANK', 4)}  ${pad('CUSTOMERS', 9)}  ${pad('DOCS', 4)}  ${'TREND'.padEnd(7)}  ${'STATUS'.padEnd(12)}  ${'REGRESSED'.padEnd(9)}  LABEL`,
  )
  for (const p of list) {
    out(
      `${pad(p.rank, 4)}  ${pad(p.customerCount, 9)}  ${pad(p.documentCount, 4)}  ${p.trend.padEnd(7)}  ` +
        `${p.status.padEnd(12)}  ${(p.regressed ? 'yes' : '').padEnd(9)}  ${p.label}`,
    )
  }
}

function printMembers(io: CliIO, p: PatternDetail & PatternRow): void {
  const out = (line: string) => io.stdout.write(`${line.trimEnd()}\n`)
  out('')
  out(`#${p.rank} ${p.label}  (${p.id})`)
  out(
    `   ${p.customerCount} customers, ${p.documentCount} documents, ${p.firstSeen} … ${p.lastSeen}, ${p.trend}`,
  )
  out(`   status: ${p.status}${p.regressed ? ' (REGRESSED)' : ''}${p.owner ? `, owner ${p.owner}` : ''}`)
  if (p.tickets.length > 0) out(`   tickets: ${p.tickets.join(' ')}`)
  if (p.summary) out(`   ${p.summary}`)
  out(`   terms: ${p.terms.join(', ')}`)
  out(`   "${p.excerpt}"`)
  const seen = new Set<number>()
  for (const m of p.members) {
    if (seen.has(m.documentId)) continue
    seen.add(m.documentId)
    out(`   ${m.date}  ${m.customer.padEnd(28)}  ${m.sourcePath}`)
  }
}
