import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { ValidationError } from '../../lib/errors.ts'
import type { Context } from '../context.ts'
import { type CliIO, printJson } from '../io.ts'

/** Parsed `fieldkb patterns set` flags. */
interface SetOpts {
  status?: string
  owner?: string
  ticket?: string[]
  clearTickets?: boolean
  note?: string
  fixedOn?: string
  json?: boolean
}

/** Parsed `fieldkb patterns export` flags. */
interface ExportOpts {
  all?: boolean
  format?: string
  out?: string
  json?: boolean
}

// Schema field → the flag that sets it, so a validation message names what to fix.
const FLAGS: Record<string, string> = {
  status: '--status',
  owner: '--owner',
  addTickets: '--ticket',
  tickets: '--clear-tickets',
  notes: '--note',
  fixedOn: '--fixed-on',
}

const collect = (value: string, previous: string[] = []) => [...previous, value]

function usage(message: string, hint: string): never {
  throw new ValidationError(message, [], { hint })
}

/** `fieldkb patterns set <id> …`, `patterns history <id>` and `patterns export …`, added under `patterns`. */
export function registerPatternWorkflow(patterns: Command, ctx: () => Context, io: CliIO): void {
  patterns
    .command('set <id>')
    .description('Change a pattern’s workflow: status, owner, tickets, note, fix day (recorded as by "cli").')
    .option('--status <status>', 'new | acknowledged | planned | fixed | wont-fix')
    .option('--owner <name>', 'who owns it ("" clears)')
    .option('--ticket <url>', 'add a ticket URL (repeatable)', collect)
    .option('--clear-tickets', 'remove every ticket first')
    .option('--note <text>', 'the free-text notes ("" clears)')
    .option('--fixed-on <date>', 'day the fix shipped, YYYY-MM-DD (default: today when --status fixed)')
    .option('--json', 'print the workflow as JSON')
    .action(async (id: string, _own: SetOpts, command: Command) => {
      // `patterns` has its own --json, which commander gives the parent wherever it appears.
      const opts: SetOpts = command.optsWithGlobals()
      const { PatternIdParam } = await import('../../schemas/insights.ts')
      const { WorkflowPatch } = await import('../../schemas/workflow.ts')
      if (!PatternIdParam.safeParse({ id }).success) {
        usage(`"${id}" is not a pattern id (16 hex digits)`, 'copy the id from `fieldkb patterns`')
      }
      const blank = (s: string | undefined) => (s === undefined ? undefined : s.trim() === '' ? null : s)
      const input = {
        status: opts.status,
        owner: blank(opts.owner),
        notes: blank(opts.note),
        fixedOn: opts.fixedOn,
        tickets: opts.clearTickets ? [] : undefined,
        addTickets: opts.ticket,
      }
      const parsed = WorkflowPatch.safeParse(
        Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
      )
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
        const text = issues.map((i) => `${FLAGS[i.path[0] ?? ''] ?? 'options'}: ${i.message}`).join('; ')
        throw new ValidationError(text, issues, { hint: 'see `fieldkb patterns set --help`' })
      }
      const { updateWorkflow } = await import('../../insights/workflow-store.ts')
      const db = await ctx().db()
      const today = new Date().toISOString().slice(0, 10)
      const { workflow, changes } = await updateWorkflow(db, id, parsed.data, { name: 'cli' }, today)
      if (opts.json) return printJson(io, { id, workflow, changes })
      if (changes.length === 0) io.stdout.write('Nothing changed.\n')
      for (const c of changes)
        io.stdout.write(`${c.field}: ${c.oldValue ?? '(none)'} → ${c.newValue ?? '(none)'}\n`)
    })

  patterns
    .command('history <id>')
    .description('The audit trail of a pattern’s workflow: who changed which field when, oldest first.')
    .option('--json', 'print as JSON')
    .action(async (id: string, _own: { json?: boolean }, command: Command) => {
      const opts: { json?: boolean } = command.optsWithGlobals()
      const { PatternIdParam } = await import('../../schemas/insights.ts')
      if (!PatternIdParam.safeParse({ id }).success) {
        usage(`"${id}" is not a pattern id (16 hex digits)`, 'copy the id from `fieldkb patterns`')
      }
      const { listAudit } = await import('../../insights/workflow-store.ts')
      const audit = await listAudit(await ctx().db(), id)
      if (opts.json) return printJson(io, { id, audit })
      if (audit.length === 0) io.stdout.write('No changes recorded for this pattern.\n')
      for (const a of audit) {
        const when = `${a.at.slice(0, 16).replace('T', ' ')} UTC`
        io.stdout.write(
          `${when}  ${a.actor}  ${a.field}: ${a.oldValue ?? '(none)'} → ${a.newValue ?? '(none)'}\n`,
        )
      }
    })

  patterns
    .command('export [id]')
    .description('Export one pattern as a product brief (markdown or JSON), or every pattern as CSV (--all).')
    .option('--all', 'every pattern (needs --format csv or json)')
    .option('--format <format>', 'md | json for one pattern (default md); csv | json with --all')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--json', 'same as --format json')
    .action(async (id: string | undefined, _own: ExportOpts, command: Command) => {
      const opts: ExportOpts = command.optsWithGlobals()
      const format = opts.json ? 'json' : (opts.format ?? (opts.all ? 'csv' : 'md'))
      if (opts.all && id)
        usage('give a pattern id or --all, not both', 'fieldkb patterns export --all --format csv')
      if (!opts.all && !id)
        usage('which pattern? give its id, or --all for every pattern', 'fieldkb patterns export <id>')
      const allowed = opts.all ? ['csv', 'json'] : ['md', 'json']
      if (!allowed.includes(format)) {
        usage(
          `--format: expected ${allowed.join(' or ')}${opts.all ? ' with --all' : ' for one pattern'}, got "${format}"`,
          'fieldkb patterns export --help',
        )
      }
      const { PatternIdParam } = await import('../../schemas/insights.ts')
      if (id && !PatternIdParam.safeParse({ id }).success) {
        usage(`"${id}" is not a pattern id (16 hex digits)`, 'copy the id from `fieldkb patterns`')
      }
      const brief = await import('../../insights/brief.ts')
      const { getPatternFull, listPatternRows } = await import('../../insights/workflow-read.ts')
      const c = ctx()
      const db = await c.db()
      const base = c.config.server.publicUrl
      let text: string
      if (opts.all) {
        const rows = await listPatternRows(db)
        text =
          format === 'csv'
            ? brief.patternsCsv(rows, base)
            : `${JSON.stringify({ patterns: rows }, null, 2)}\n`
      } else {
        const { briefChunks } = await import('../../insights/brief-load.ts')
        const b = brief.buildBrief(await getPatternFull(db, id!), await briefChunks(db, id!), base)
        text = format === 'json' ? `${JSON.stringify(b, null, 2)}\n` : brief.renderBriefMarkdown(b)
      }
      if (!opts.out) return void io.stdout.write(text)
      writeFileSync(opts.out, text)
      io.stderr.write(`wrote ${opts.out}\n`)
    })
}
