import type { Command } from 'commander'
import { NotFoundError, ValidationError } from '../../lib/errors.ts'
import type { Alert, CreatedAlert } from '../../schemas/alerts.ts'
import type { Context } from '../context.ts'
import { collectList, filterFromOptions, withFilterOptions } from '../filter-options.ts'
import { type CliIO, EXIT, printJson } from '../io.ts'
import type { Register } from '../main.ts'

const FLAGS: Record<string, string> = {
  webhookUrl: '--webhook',
  minCustomers: '--min-customers',
  patternId: '<patternId>',
  query: '<query>',
  filter: '--customer/--type/--tag/--severity/--from/--to',
}

interface ChannelOpts {
  email?: string[]
  webhook?: string
  owner?: string
  json?: boolean
}

async function create(ctx: () => Context, io: CliIO, input: Record<string, unknown>, json?: boolean) {
  const { CreateAlertBody } = await import('../../schemas/alerts.ts')
  const parsed = CreateAlertBody.safeParse(input)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
    const flag = (p: string[]) => FLAGS[p[0] ?? ''] ?? `--${p[0] ?? ''}`
    throw new ValidationError(issues.map((i) => `${flag(i.path)}: ${i.message}`).join('; '), issues)
  }
  const { createAlert } = await import('../../storage/alerts.ts')
  const c = ctx()
  const alert = await createAlert(await c.db(), parsed.data)
  if (alert.email.length > 0 && !(c.config.mail.smtpUrl && c.config.mail.from)) {
    io.stderr.write('warning: SMTP_URL and FIELDKB_MAIL_FROM must be set for alert e-mails to go out\n')
  }
  if (json) return printJson(io, alert)
  io.stdout.write(`created alert #${alert.id}: ${describe(alert)}\n`)
  if (alert.webhookUrl) {
    io.stdout.write(
      `  webhook secret (shown once; verify X-Fieldkb-Signature = sha256=HMAC-SHA256(body)): ${alert.secret}\n`,
    )
  }
}

function describe(a: Alert | CreatedAlert): string {
  const what =
    a.kind === 'search'
      ? `search "${a.query}"${Object.keys(a.filter).length > 0 ? ` ${JSON.stringify(a.filter)}` : ''}`
      : a.kind === 'pattern'
        ? `watch pattern ${a.patternId}`
        : `any pattern reaching ${a.minCustomers} customers`
  const to = [...a.email, ...(a.webhookUrl ? [a.webhookUrl] : [])].join(', ')
  return `${what} → ${to}${a.owner ? ` (owner ${a.owner})` : ''}`
}

function channelOptions(cmd: Command): Command {
  return cmd
    .option('--email <addresses>', 'e-mail these addresses (repeat or comma-separate)', collectList)
    .option('--webhook <url>', 'POST a signed JSON event to this http(s) URL')
    .option('--owner <name>', 'who owns the alert')
    .option('--json', 'print the created alert (with its webhook secret) as JSON')
}

const channels = (o: ChannelOpts) => ({
  email: o.email ?? [],
  webhookUrl: o.webhook ?? null,
  ...(o.owner ? { owner: o.owner } : {}),
})

/** `fieldkb alerts add-search | watch | list | remove | retry`: saved searches and pattern subscriptions. */
export const registerAlerts: Register = (program, ctx, io, setExit) => {
  const alerts = program
    .command('alerts')
    .description(
      'Saved searches and pattern subscriptions, evaluated after every ingest; notify by e-mail and/or a signed webhook.',
    )
  channelOptions(
    withFilterOptions(
      alerts
        .command('add-search')
        .description(
          'Notify when an ingest adds or updates a document matching <query> (its terms occur in it).',
        )
        .argument('<query>', 'the search query (phrases in "quotes", -exclusions)'),
    ),
  ).action(async (query: string, o: ChannelOpts & Record<string, string[] | string | undefined>) => {
    const filter = filterFromOptions(o)
    await create(ctx, io, { kind: 'search', query, filter, ...channels(o) }, o.json)
  })
  channelOptions(
    alerts
      .command('watch')
      .description(
        'Notify when a document joins pattern <patternId>, or (--min-customers N) any pattern reaches N customers.',
      )
      .argument('[patternId]', 'a pattern id as shown by `fieldkb patterns`')
      .option('--min-customers <n>', 'instead of one pattern: any pattern reaching n customers'),
  ).action(async (patternId: string | undefined, o: ChannelOpts & { minCustomers?: string }) => {
    if ((patternId === undefined) === (o.minCustomers === undefined)) {
      throw new ValidationError('give either a <patternId> or --min-customers N', [
        { path: ['patternId'], message: 'exactly one of patternId and --min-customers' },
      ])
    }
    const n = o.minCustomers === undefined ? undefined : Number(o.minCustomers)
    await create(
      ctx,
      io,
      patternId !== undefined
        ? { kind: 'pattern', patternId, ...channels(o) }
        : { kind: 'customers', minCustomers: n, ...channels(o) },
      o.json,
    )
  })
  alerts
    .command('list')
    .description('List alerts with how many notifications were sent and how many failed (retried next time).')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      const { listAlerts } = await import('../../storage/alerts.ts')
      const list = await listAlerts(await ctx().db())
      if (o.json) return printJson(io, { items: list })
      if (list.length === 0)
        io.stdout.write(
          'No alerts. Add one with `fieldkb alerts add-search "query" --email you@example.com`.\n',
        )
      for (const a of list) {
        io.stdout.write(
          `#${a.id}  ${describe(a)}  [${a.sent} sent${a.failed > 0 ? `, ${a.failed} failed` : ''}]\n`,
        )
      }
    })
  alerts
    .command('remove')
    .description('Delete an alert (and its delivery records).')
    .argument('<id>', 'the alert id, as shown by `fieldkb alerts list`')
    .option('--json', 'print the outcome as JSON')
    .action(async (idText: string, o: { json?: boolean }) => {
      const id = Number(idText)
      if (!Number.isInteger(id) || id < 1) {
        throw new ValidationError(`invalid alert id "${idText}": expected a positive integer`, [
          { path: ['id'], message: 'expected a positive integer' },
        ])
      }
      const { removeAlert } = await import('../../storage/alerts.ts')
      if (!(await removeAlert(await ctx().db(), id))) {
        throw new NotFoundError(`no alert #${id}`, { hint: 'run `fieldkb alerts list` to see the ids' })
      }
      if (o.json) return printJson(io, { removed: id })
      io.stdout.write(`removed alert #${id}\n`)
    })
  alerts
    .command('retry')
    .description('Retry the notifications that failed (an ingest does this too).')
    .option('--json', 'print the outcome as JSON')
    .action(async (o: { json?: boolean }) => {
      const { evaluateAlerts } = await import('./alerts-run.ts')
      const run = await evaluateAlerts(ctx(), [])
      if (o.json) printJson(io, run)
      else io.stdout.write(`alerts: ${run.sent} sent, ${run.failed} failed\n`)
      for (const e of run.errors) io.stderr.write(`  ${e}\n`)
      setExit(run.failed > 0 ? EXIT.failed : EXIT.ok)
    })
}
