import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { InvalidArgumentError } from 'commander'
import type { SendOnceOutcome } from '../../digest/deliver.ts'
import { ValidationError } from '../../lib/errors.ts'
import { type CliIO, EXIT, printJson } from '../io.ts'
import type { Register } from '../main.ts'

interface DigestOptions {
  since?: string
  from?: string
  to?: ToValues
  send?: boolean
  force?: boolean
  out?: string
  json?: boolean
  pseudonymise?: boolean
}

/** `--to` is the period end (a date) and/or the recipients (addresses), told apart by their form. */
interface ToValues {
  date?: string
  recipients: string[]
}

function collectTo(value: string, previous: ToValues = { recipients: [] }): ToValues {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    if (previous.date) throw new InvalidArgumentError('only one end date may be given')
    return { ...previous, date: value.trim() }
  }
  const addresses = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (addresses.length === 0 || !addresses.every((a) => a.includes('@'))) {
    throw new InvalidArgumentError('expected an end date (YYYY-MM-DD) or comma-separated e-mail addresses')
  }
  return { ...previous, recipients: [...previous.recipients, ...addresses] }
}

function checkCombination(o: DigestOptions): void {
  const bad = (message: string) => new ValidationError(message, [{ path: ['options'], message }])
  if (o.send && o.out) throw bad('--send and --out are alternatives: give one of them')
  if (o.force && !o.send) throw bad('--force only applies to --send')
  if (o.to?.recipients.length && !o.send) throw bad('recipients (--to a@x,b@y) only apply to --send')
  if (o.pseudonymise && o.send) {
    throw bad(
      '--pseudonymise cannot be combined with --send: write it with --out and send that file yourself',
    )
  }
}

function reportSend(io: CliIO, outcome: SendOnceOutcome, json: boolean | undefined): number {
  if (json) {
    const { digest: _digest, ...rest } = outcome.status === 'sent' ? outcome : { ...outcome, digest: null }
    printJson(io, rest)
  } else if (outcome.status === 'sent') {
    io.stdout.write(`sent "${outcome.subject}" to ${outcome.accepted.join(', ')} (${outcome.messageId})\n`)
  } else {
    const when = outcome.sentAt ? ` at ${outcome.sentAt}` : ''
    io.stdout.write(
      outcome.reason === 'already-sent'
        ? `the digest for ${outcome.period.label} was already sent${when} (${outcome.messageId}); use --force to send it again\n`
        : `the digest for ${outcome.period.label} is being sent by another process; not sending it twice\n`,
    )
  }
  if (outcome.status === 'sent' && outcome.rejected.length > 0) {
    io.stderr.write(`fieldkb: the SMTP server rejected ${outcome.rejected.join(', ')}\n`)
    return EXIT.failed
  }
  return EXIT.ok
}

/** `fieldkb digest`: the weekly digest as text, JSON, an HTML file, or an e-mail. */
export const registerDigest: Register = (program, ctx, io, setExit) => {
  program
    .command('digest')
    .description(
      'Build the leadership digest (default: the last complete Mon–Sun week in FIELDKB_TIMEZONE that has documents) and print it, ' +
        'write it as HTML, or e-mail it. Periods include both end dates.',
    )
    .option('--since <span>', 'the last N days up to today, e.g. 7d, 14d, 2w')
    .option('--from <date>', 'first day of the period (YYYY-MM-DD), with --to')
    .option(
      '--to <date|addresses>',
      'last day of the period (YYYY-MM-DD) and/or recipients a@x,b@y for --send',
      collectTo,
    )
    .option('--send', 'e-mail it via SMTP_URL from FIELDKB_MAIL_FROM to FIELDKB_DIGEST_TO (once per period)')
    .option('--force', 'with --send: send even if this period was already sent')
    .option(
      '--out <file>',
      'write the HTML e-mail to <file> and the plain-text alternative next to it (.txt)',
    )
    .option('--json', 'print the digest (or, with --send, the send outcome) as JSON')
    .option(
      '--pseudonymise',
      'for readers outside the company: no customer or FDE names at all (stable pseudonyms), no confidential documents',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  fieldkb digest\n  fieldkb digest --from 2026-11-16 --to 2026-11-22 --out digest.html\n' +
        '  fieldkb digest --send --to cto@example.com,vp@example.com\n' +
        '  fieldkb digest --pseudonymise --out external-brief.html\n',
    )
    .action(async (opts: DigestOptions) => {
      checkCombination(opts)
      const c = ctx()
      // Loaded here, not at the top: other commands (a search) start without the digest modules.
      const [
        { buildDigest },
        { resolveDigestPeriod },
        { sendDigestOnce },
        { resolvePeriod },
        { renderHtml },
        { renderText },
        { mailSettings },
        { pseudonymise },
        { EXTERNAL_VIEWER, scopeOf },
      ] = await Promise.all([
        import('../../digest/build.ts'),
        import('../../digest/default-period.ts'),
        import('../../digest/deliver.ts'),
        import('../../digest/period.ts'),
        import('../../digest/render-html.ts'),
        import('../../digest/render-text.ts'),
        import('../../digest/send.ts'),
        import('../../governance/book.ts'),
        import('../../governance/viewer.ts'),
      ])
      const request = { since: opts.since, from: opts.from, to: opts.to?.date }
      // Bad dates are a usage error (exit 2), reported before the store is opened.
      resolvePeriod(request, new Date(), c.config.timezone)
      const to = opts.to?.recipients.length ? opts.to.recipients : undefined
      // Missing SMTP settings are a usage error (exit 2), reported before the store is opened.
      if (opts.send) mailSettings(c.config, to)
      const db = await c.db()
      const { period, note } = await resolveDigestPeriod(db, request, new Date(), c.config.timezone)
      if (note && !opts.json) io.stderr.write(`note: ${note}\n`)
      const log = (line: string) => io.stderr.write(`${line}\n`)
      if (opts.send) {
        const outcome = await sendDigestOnce(db, c.config, period, { to, force: opts.force, log, note })
        return setExit(reportSend(io, outcome, opts.json))
      }
      const built = await buildDigest(db, {
        period,
        publicUrl: c.config.server.publicUrl,
        chat: c.config.chat,
        log,
        note,
        ...(opts.pseudonymise ? { scope: scopeOf(EXTERNAL_VIEWER) } : {}),
      })
      const digest = opts.pseudonymise ? await pseudonymise(db, EXTERNAL_VIEWER, built) : built
      if (opts.out) {
        const html = path.resolve(io.cwd ?? process.cwd(), opts.out)
        const text = `${html.replace(/\.html?$/i, '')}.txt`
        await writeFile(html, renderHtml(digest))
        await writeFile(text, renderText(digest))
        if (opts.json) return printJson(io, { html, text, period })
        io.stdout.write(`wrote ${html}\n  and ${text} (the plain-text alternative)\n`)
        return
      }
      if (opts.json) return printJson(io, digest)
      io.stdout.write(renderText(digest))
    })
}
