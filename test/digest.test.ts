import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { Command, CommanderError } from 'commander'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { registerDigest } from '../cli/commands/digest.ts'
import { type Config, loadConfig } from '../config/load.ts'
import { sendDigestOnce } from '../digest/deliver.ts'
import { explicitPeriod } from '../digest/period.ts'
import { startDigestSchedule } from '../digest/schedule.ts'
import { ingestPaths } from '../ingest/run.ts'
import { refreshInsights } from '../insights/refresh.ts'
import { AppError, ConfigError, MailError, ValidationError } from '../lib/errors.ts'
import { REPO_ROOT, SAMPLE_CORPUS, tempDir } from './helpers/corpus.ts'
import { freshDb, type TestDb } from './helpers/db.ts'
import { localEmbedder } from './helpers/local-embedder.ts'
import { startSmtp } from './helpers/smtp.ts'

/** Every planted secret of the sample corpus, from the README's "Planted secrets (fake)" block. */
function plantedSecrets(): string[] {
  const readme = readFileSync(path.join(SAMPLE_CORPUS, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Planted secrets (fake)'))
  const block = /```text\n([\s\S]*?)```/.exec(section)![1]!
  return block
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.slice(l.indexOf('\t') + 1))
}

/** A port nothing listens on (a server is opened there, then closed). */
async function deadPort(): Promise<number> {
  const s = await startSmtp()
  await s.close()
  return s.port
}

const PUBLIC_URL = 'https://fieldkb.example'
const RECIPIENTS = ['cto@leadership.example', 'vp-eng@leadership.example']
const CORPUS_PERIOD = explicitPeriod('2026-06-01', '2026-11-30', 'Europe/Berlin')
// 2026-11-23 08:00 in Berlin is Monday morning: the last complete week is 16–22 Nov.
const MONDAY_MORNING = () => new Date('2026-11-23T07:00:00Z')

function configFor(smtpUrl: string, extra: Record<string, string> = {}): Config {
  return loadConfig({
    FIELDKB_DATA_DIR: '/nonexistent',
    FIELDKB_PUBLIC_URL: PUBLIC_URL,
    FIELDKB_TIMEZONE: 'Europe/Berlin',
    SMTP_URL: smtpUrl,
    FIELDKB_MAIL_FROM: 'fieldkb@fieldkb.example',
    FIELDKB_DIGEST_TO: RECIPIENTS.join(','),
    FIELDKB_DIGEST_CRON: '0 8 * * MON',
    ...extra,
  })
}

class Capture extends Writable {
  text = ''
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString()
    done()
  }
}

describe('the e-mailed digest over the sample corpus', () => {
  let t: TestDb
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let config: Config
  const secrets = plantedSecrets()

  /** Run `fieldkb digest …` in-process on this store; exit codes as cli/main.ts maps them. */
  async function cli(args: string[], cfg: Config = config) {
    const stdout = new Capture()
    const stderr = new Capture()
    let code = 0
    const program = new Command('fieldkb').exitOverride().configureOutput({
      writeOut: (s) => stdout.write(s),
      writeErr: (s) => stderr.write(s),
    })
    const ctx = () => ({
      config: cfg,
      db: async () => t.db,
      embedder: () => Promise.reject(),
      close: async () => {},
    })
    registerDigest(program, ctx, { env: {}, stdout, stderr }, (c) => (code = Math.max(code, c)))
    try {
      await program.parseAsync(['digest', ...args], { from: 'user' })
    } catch (error) {
      if (error instanceof CommanderError) code = error.exitCode === 0 ? 0 : 2
      else if (error instanceof AppError) {
        stderr.write(`fieldkb: ${error.message}\n`)
        code = error instanceof ConfigError || error instanceof ValidationError ? 2 : 1
      } else throw error
    }
    return { code, stdout: stdout.text, stderr: stderr.text }
  }

  const sends = () =>
    t.db.query<{ period_from: string; message_id: string | null; sent_at: string | null }>(
      'SELECT period_from::text, message_id, sent_at::text FROM digest_sends ORDER BY id',
    )

  beforeAll(async () => {
    t = await freshDb()
    const summary = await ingestPaths([path.join(SAMPLE_CORPUS, 'customers')], {
      db: t.db,
      embedder: localEmbedder(),
      options: { maxFileBytes: 1 << 20, chunkTokens: 300, chunkOverlap: 40, redactIpv4: false },
    })
    expect(summary.failed).toBe(0)
    await refreshInsights(t.db)
    smtp = await startSmtp()
    config = configFor(`smtp://127.0.0.1:${smtp.port}`)
  })
  afterAll(async () => {
    await smtp?.close()
    await t?.dispose()
  })
  beforeEach(async () => {
    smtp.messages.length = 0
    await t.db.query('DELETE FROM digest_sends')
  })

  it('arrives as multipart/alternative with both parts, the subject and the recipients', async () => {
    const outcome = await sendDigestOnce(t.db, config, CORPUS_PERIOD)
    expect(outcome.status).toBe('sent')
    expect(smtp.messages).toHaveLength(1)
    expect(smtp.messages[0]!.to).toEqual(RECIPIENTS)
    expect(smtp.messages[0]!.from).toBe('fieldkb@fieldkb.example')
    expect(smtp.messages[0]!.raw.toString()).toMatch(/content-type: multipart\/alternative/i)
    const [mail] = await smtp.parsed()
    expect(mail!.subject).toMatch(
      /^fieldkb digest — 1 Jun – 30 Nov 2026 \(40 documents, \d+ cross-customer patterns?\)$/,
    )
    expect(mail!.text).toContain('40 (14 field reports, 15 incidents, 11')
    expect(mail!.html).toContain('<table')
    expect(mail!.html).toContain('St. Aldric Health Network')
    expect(mail!.text).toContain('[sev1] Assistant lost its model endpoint')
    expect(mail!.text).toContain('Root cause: Node.js ships its own compiled-in list of root CAs')
    const [row] = await sends()
    expect(row).toMatchObject({ period_from: '2026-06-01' })
    expect(row!.message_id).toBe(mail!.messageId)
  })

  it('links into the web UI at the public URL from both parts', async () => {
    await sendDigestOnce(t.db, config, CORPUS_PERIOD)
    const [mail] = await smtp.parsed()
    const [doc] = await t.db.query<{ id: number }>("SELECT id FROM documents WHERE date = '2026-09-25'")
    expect(mail!.text).toContain(`${PUBLIC_URL}/documents/${doc!.id}`)
    expect(mail!.html).toContain(`href="${PUBLIC_URL}/documents/${doc!.id}"`)
    expect(mail!.html).toContain(`href="${PUBLIC_URL}/patterns"`)
  })

  it('keeps every planted secret out of both parts', async () => {
    expect(secrets).toHaveLength(19)
    await sendDigestOnce(t.db, config, CORPUS_PERIOD)
    const raw = smtp.messages[0]!.raw.toString()
    const [mail] = await smtp.parsed()
    for (const secret of secrets) {
      expect(mail!.text, secret).not.toContain(secret)
      expect(mail!.html, secret).not.toContain(secret)
      expect(raw, secret).not.toContain(secret)
    }
  })

  it('names the top cross-customer pattern with its customer count in both parts', async () => {
    const outcome = await sendDigestOnce(t.db, config, CORPUS_PERIOD)
    if (outcome.status !== 'sent') throw new Error('not sent')
    const top = outcome.digest.topPatterns
    expect(top.length).toBeGreaterThan(0)
    expect(top[0]!.customerCount).toBeGreaterThanOrEqual(3)
    const planted =
      /embedding|vector|connection|pool|throttl|rate|429|proxy|tls|certificate|ocr|scan|pii|redact|clock|skew/i
    expect(top.some((p) => planted.test(`${p.label} ${p.terms.join(' ')}`))).toBe(true)
    const [mail] = await smtp.parsed()
    expect(mail!.text).toContain(top[0]!.label)
    expect(mail!.text).toContain(`${top[0]!.customerCount} customers`)
    expect(mail!.html).toContain(`${top[0]!.customerCount} customers`)
    expect(mail!.html).toContain(`href="${PUBLIC_URL}/patterns/${top[0]!.id}"`)
  })

  it('reports a refused connection with host:port, and records nothing', async () => {
    const port = await deadPort()
    const bad = configFor(`smtp://fieldkb:Sup3rS3cret-pw@127.0.0.1:${port}`)
    const error = await sendDigestOnce(t.db, bad, CORPUS_PERIOD, { timeoutMs: 5000 }).catch((e) => e)
    expect(error).toBeInstanceOf(MailError)
    expect(error.message).toContain(`127.0.0.1:${port}`)
    expect(error.message).toMatch(/connection refused/)
    expect(error.message).not.toContain('Sup3rS3cret-pw')
    expect(await sends()).toEqual([])
  })

  it('reports a failed login without the password, and records nothing', async () => {
    const guarded = await startSmtp({ password: 'right-password' })
    try {
      const bad = configFor(`smtp://fieldkb:Wr0ng-Passw0rd@127.0.0.1:${guarded.port}`)
      const error = await sendDigestOnce(t.db, bad, CORPUS_PERIOD).catch((e) => e)
      expect(error).toBeInstanceOf(MailError)
      expect(error.message).toMatch(/login rejected/)
      expect(`${error.message} ${error.hint}`).not.toContain('Wr0ng-Passw0rd')
      expect(guarded.messages).toEqual([])
      expect(await sends()).toEqual([])
    } finally {
      await guarded.close()
    }
  })

  it('reports a rejected recipient by address', async () => {
    const error = await sendDigestOnce(t.db, config, CORPUS_PERIOD, {
      to: ['reject-me@leadership.example'],
    }).catch((e) => e)
    expect(error).toBeInstanceOf(MailError)
    expect(error.message).toMatch(/recipient rejected.*reject-me@leadership\.example/)
    expect(await sends()).toEqual([])
  })

  it('sends once when two schedule ticks, in one process or two, cover the same period', async () => {
    const a = startDigestSchedule({ db: t.db, config, now: MONDAY_MORNING })!
    const b = startDigestSchedule({ db: t.db, config, now: MONDAY_MORNING })!
    try {
      const outcomes = await Promise.all([a.tick(), b.tick()])
      const again = await a.tick()
      expect(outcomes.map((o) => o?.status).sort()).toEqual(['sent', 'skipped'])
      expect(again).toMatchObject({ status: 'skipped', reason: 'already-sent' })
      expect(smtp.messages).toHaveLength(1)
      const [mail] = await smtp.parsed()
      expect(mail!.subject).toMatch(/^fieldkb digest — Week of 16 Nov 2026 \(4 documents, /)
      expect(await sends()).toEqual([
        expect.objectContaining({ period_from: '2026-11-16', message_id: mail!.messageId }),
      ])
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })

  it('drops the claim when sending fails, so the next tick retries', async () => {
    const logs: string[] = []
    const broken = configFor(`smtp://127.0.0.1:${await deadPort()}`)
    const failing = startDigestSchedule({
      db: t.db,
      config: broken,
      now: MONDAY_MORNING,
      log: (l) => logs.push(l),
    })!
    expect(await failing.tick()).toBeNull()
    await failing.stop()
    expect(logs.join('\n')).toMatch(
      /sending Week of 16 Nov 2026 failed, will retry on the next tick: .*connection refused/,
    )
    expect(await sends()).toEqual([])
    const working = startDigestSchedule({ db: t.db, config, now: MONDAY_MORNING })!
    expect(await working.tick()).toMatchObject({ status: 'sent' })
    await working.stop()
    expect(smtp.messages).toHaveLength(1)
  })

  it('schedules ticks on the cron line in the configured time zone', async () => {
    const schedule = startDigestSchedule({ db: t.db, config })!
    const next = schedule.nextRun()!
    await schedule.stop()
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    }).format(next)
    expect(local).toBe('Mon 08:00')
    expect(
      startDigestSchedule({ db: t.db, config: configFor(config.mail.smtpUrl!, { FIELDKB_DIGEST_CRON: '' }) }),
    ).toBeNull()
    expect(() =>
      startDigestSchedule({
        db: t.db,
        config: loadConfig({ FIELDKB_DATA_DIR: '/x', FIELDKB_DIGEST_CRON: '0 8 * * 1' }),
      }),
    ).toThrow(/SMTP_URL, FIELDKB_MAIL_FROM, FIELDKB_DIGEST_TO/)
  })

  it('fieldkb digest --send records the send, refuses a second one, and --force resends', async () => {
    const args = ['--from', '2026-11-14', '--to', '2026-11-20', '--send']
    const first = await cli(args)
    expect(first.code, first.stderr).toBe(0)
    expect(first.stdout).toMatch(/^sent "fieldkb digest — 14–20 Nov 2026 \(4 documents/)
    const second = await cli(args)
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/already sent .*use --force/)
    expect(smtp.messages).toHaveLength(1)
    const forced = await cli([...args, '--force', '--to', 'ops@leadership.example'])
    expect(forced.code, forced.stderr).toBe(0)
    expect(smtp.messages).toHaveLength(2)
    expect(smtp.messages[1]!.to).toEqual(['ops@leadership.example'])
    expect(await sends()).toHaveLength(1)
  })

  it('fieldkb digest --send exits 1 with a clear message when the SMTP server is down', async () => {
    const port = await deadPort()
    const run = await cli(['--since', '7d', '--send'], configFor(`smtp://127.0.0.1:${port}`))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `could not send the digest via SMTP server 127.0.0.1:${port}: connection refused`,
    )
    expect(await sends()).toEqual([])
  })

  it('fieldkb digest --send without SMTP settings exits 2 naming the variables', async () => {
    const run = await cli(['--send'], loadConfig({ FIELDKB_DATA_DIR: '/nonexistent' }))
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('SMTP_URL, FIELDKB_MAIL_FROM, FIELDKB_DIGEST_TO')
  })

  it('fieldkb digest prints the text digest, --json the object, --out the HTML and its .txt', async () => {
    const text = await cli(['--from', '2026-11-14', '--to', '2026-11-20'])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^fieldkb digest — 14–20 Nov 2026 \(4 documents/)
    const json = await cli(['--from', '2026-11-14', '--to', '2026-11-20', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ period: { from: '2026-11-14', to: '2026-11-20' } })
    const dir = tempDir()
    try {
      const out = await cli([
        '--from',
        '2026-11-14',
        '--to',
        '2026-11-20',
        '--out',
        path.join(dir.dir, 'd.html'),
      ])
      expect(out.stdout).toContain('d.txt (the plain-text alternative)')
      expect(readFileSync(path.join(dir.dir, 'd.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/)
      expect(readFileSync(path.join(dir.dir, 'd.txt'), 'utf8')).toMatch(/^fieldkb digest — 14–20 Nov 2026/)
    } finally {
      dir.cleanup()
    }
    expect(smtp.messages).toEqual([])
  })

  it('fieldkb digest refuses conflicting options with exit 2', async () => {
    expect((await cli(['--since', '7d', '--from', '2026-11-01', '--to', '2026-11-02'])).code).toBe(2)
    expect((await cli(['--send', '--out', 'x.html'])).code).toBe(2)
    expect((await cli(['--to', 'not-a-date-or-address'])).code).toBe(2)
    expect((await cli(['--from', '2026-11-20', '--to', '2026-11-14'])).code).toBe(2)
  })

  it('keeps every planted secret out of the committed example', () => {
    for (const file of ['docs/digest-example.html', 'docs/digest-example.txt']) {
      const full = path.join(REPO_ROOT, file)
      const content = readFileSync(full, 'utf8')
      for (const secret of secrets) expect(content, `${file}: ${secret}`).not.toContain(secret)
    }
  })
})
