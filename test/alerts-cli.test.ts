import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { markdown } from './helpers/app.ts'
import { runCli } from './helpers/cli.ts'
import { tempDir } from './helpers/corpus.ts'
import { backend, freshDb, type TestDb } from './helpers/db.ts'
import { startSmtp } from './helpers/smtp.ts'
import { spawnCli, waitForOutput } from './helpers/spawn-cli.ts'
import { startReceiver } from './helpers/webhook-receiver.ts'

const PUBLIC_URL = 'https://kb.fieldkb.example'
const SECRET_EMAIL = 'jane.doe@meridianbank.com'

const FIRST: Record<string, string> = {
  'kestrel/proxy.md': markdown(
    {
      title: 'Proxy broke TLS',
      customer: 'Kestrel Freight',
      type: 'incident',
      date: '2026-07-08',
      severity: 'sev2',
    },
    '# Proxy broke TLS\n\n## Root cause\n\nSSL inspection on the forward proxy re-signed every certificate.',
  ),
}
const SECOND: Record<string, string> = {
  'meridian/rotation.md': markdown(
    {
      title: 'Certificate rotation outage',
      customer: 'Meridian Bank',
      type: 'incident',
      date: '2026-09-02',
      severity: 'sev1',
    },
    `# Certificate rotation outage\n\n## Impact\n\nThe nightly certificate rotation job left the gateway with an expired chain; ${SECRET_EMAIL} was paged.\n`,
  ),
  'meridian/kickoff.md': markdown(
    { title: 'Kickoff week', customer: 'Meridian Bank', type: 'field-report', date: '2026-09-03' },
    '# Kickoff week\n\nMet the operations team and agreed on the batch window.',
  ),
  'kestrel/rotation-notes.md': markdown(
    { title: 'Rotation notes', customer: 'Kestrel Freight', type: 'field-report', date: '2026-09-04' },
    '# Rotation notes\n\nWe rehearsed the certificate rotation runbook; nothing failed.',
  ),
}

function write(dir: string, files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
}

describe('alerts managed and fired through the CLI', () => {
  let t: TestDb
  let corpus: ReturnType<typeof tempDir>
  let data: ReturnType<typeof tempDir>
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let hook: Awaited<ReturnType<typeof startReceiver>>
  let env: Record<string, string>
  let secret = ''
  const cli = (...args: string[]) => runCli(args, env)

  beforeAll(async () => {
    t = await freshDb({ onDisk: true })
    // The CLI opens the store itself; an embedded store has one writer at a time.
    if (backend === 'pglite') await t.db.close()
    corpus = tempDir('fieldkb-alerts-corpus-')
    data = tempDir('fieldkb-alerts-data-')
    smtp = await startSmtp()
    hook = await startReceiver()
    env = {
      FIELDKB_DATA_DIR: data.dir,
      ...t.env,
      FIELDKB_PUBLIC_URL: PUBLIC_URL,
      SMTP_URL: smtp.url,
      FIELDKB_MAIL_FROM: 'fieldkb@fieldkb.example',
      NO_COLOR: '1',
    }
    write(corpus.dir, FIRST)
    const first = await cli('ingest', corpus.dir, '--json')
    expect(first.code, first.stderr).toBe(0)
  }, 120_000)
  afterAll(async () => {
    await smtp?.close()
    await hook?.close()
    if (backend === 'pglite') rmSync(t.env.FIELDKB_DATA_DIR!, { recursive: true, force: true })
    else await t?.dispose()
    corpus?.cleanup()
    data?.cleanup()
  })

  it('adds a saved search with e-mail and webhook channels and shows the signing secret once', async () => {
    const run = await cli(
      'alerts',
      'add-search',
      'certificate rotation',
      '--type',
      'incident',
      '--email',
      'ops@meridian.example',
      '--webhook',
      hook.url,
      '--owner',
      'pm-anna',
      '--json',
    )
    expect(run.code, run.stderr).toBe(0)
    const created = JSON.parse(run.stdout)
    expect(created).toMatchObject({
      kind: 'search',
      query: 'certificate rotation',
      filter: { types: ['incident'] },
      email: ['ops@meridian.example'],
      webhookUrl: hook.url,
      owner: 'pm-anna',
    })
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{32}$/)
    secret = created.secret
    const list = JSON.parse((await cli('alerts', 'list', '--json')).stdout)
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).not.toHaveProperty('secret')
    expect((await cli('alerts', 'list')).stdout).toContain('#1  search "certificate rotation"')
  })

  it('refuses bad options with exit 2 and a message naming the flag', async () => {
    const none = await cli('alerts', 'add-search', 'tls')
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('--email: give an e-mail address or a webhook URL')
    const ftp = await cli('alerts', 'add-search', 'tls', '--webhook', 'ftp://example.com/x')
    expect(ftp.code).toBe(2)
    expect(ftp.stderr).toContain('--webhook: expected an http:// or https:// URL')
    const both = await cli('alerts', 'watch', 'abc', '--min-customers', '3', '--email', 'a@b.example')
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('give either a <patternId> or --min-customers N')
    const one = await cli('alerts', 'watch', '--min-customers', '1', '--email', 'a@b.example')
    expect(one.code).toBe(2)
    expect(one.stderr).toContain('--min-customers: a pattern spans at least 2 customers')
    expect((await cli('alerts', 'remove', 'abc')).code).toBe(2)
    const missing = await cli('alerts', 'remove', '999')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no alert #999')
  })

  it('notifies once by e-mail and signed webhook when an ingest adds a matching document', async () => {
    write(corpus.dir, SECOND)
    const run = await cli('ingest', corpus.dir)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('alerts: 1 event, 2 notifications sent')
    // Only the incident about certificate rotation: the kickoff lacks the terms, the notes are a field report.
    expect(smtp.messages).toHaveLength(1)
    expect(smtp.messages[0]!.to).toEqual(['ops@meridian.example'])
    const [mail] = await smtp.parsed()
    expect(mail!.subject).toBe(
      'fieldkb alert — New document matches your saved search "certificate rotation"',
    )
    expect(mail!.text).toContain('Certificate rotation outage')
    expect(mail!.text).toMatch(new RegExp(`${PUBLIC_URL}/documents/\\d+`))
    expect(hook.received).toHaveLength(1)
    const [delivery] = hook.received
    expect(hook.verify(delivery!, secret)).toBe(true)
    expect(hook.verify(delivery!, 'another secret')).toBe(false)
    const sentAt = Number(delivery!.headers['x-fieldkb-timestamp'])
    expect(Math.abs(sentAt - Date.now() / 1000)).toBeLessThan(120)
    expect(delivery!.headers['x-fieldkb-event']).toBe('search.match')
    expect(delivery!.json).toMatchObject({
      type: 'search.match',
      alert: { id: 1, kind: 'search', query: 'certificate rotation', owner: 'pm-anna' },
      document: {
        title: 'Certificate rotation outage',
        customer: 'Meridian Bank',
        type: 'incident',
        date: '2026-09-02',
      },
      pattern: null,
    })
    // Only redacted text leaves the process.
    for (const text of [mail!.text ?? '', String(mail!.html), delivery!.body])
      expect(text).not.toContain(SECRET_EMAIL)
    expect(delivery!.body).toContain('[REDACTED:email]')
  }, 60_000)

  it('sends nothing again when the same documents are ingested again or the alerts are re-run', async () => {
    const again = await cli('ingest', corpus.dir)
    expect(again.code).toBe(0)
    const retry = await cli('alerts', 'retry', '--json')
    expect(JSON.parse(retry.stdout)).toMatchObject({ sent: 0, failed: 0 })
    expect(smtp.messages).toHaveLength(1)
    expect(hook.received).toHaveLength(1)
    const list = JSON.parse((await cli('alerts', 'list', '--json')).stdout)
    expect(list.items[0]).toMatchObject({ sent: 2, failed: 0 })
  }, 60_000)

  it('removes an alert', async () => {
    const run = await cli('alerts', 'remove', '1', '--json')
    expect(JSON.parse(run.stdout)).toEqual({ removed: 1 })
    expect(JSON.parse((await cli('alerts', 'list', '--json')).stdout).items).toEqual([])
  })

  it('evaluates alerts in `fieldkb serve` after an upload and the insights refresh that follows', async () => {
    const add = await cli('alerts', 'add-search', 'kafka consumer lag', '--webhook', hook.url, '--json')
    expect(add.code, add.stderr).toBe(0)
    const { id, secret: key } = JSON.parse(add.stdout)
    hook.received.length = 0
    const serve = spawnCli(['serve', '--port', '0'], env)
    try {
      const [, url] = await waitForOutput(serve, /listening on (http:\/\/\S+) /)
      const upload = await fetch(`${url}/api/documents?filename=lag.md`, {
        method: 'POST',
        headers: { 'content-type': 'text/markdown' },
        body: markdown(
          { title: 'Kafka consumer lag', customer: 'Kestrel Freight', type: 'incident', date: '2026-09-10' },
          '# Kafka consumer lag\n\nThe kafka consumer lag grew to two hours after the rebalance.',
        ),
      })
      expect(upload.status).toBe(201)
      const deadline = Date.now() + 60_000
      while (hook.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
      expect(hook.received, serve.output()).toHaveLength(1)
      expect(hook.verify(hook.received[0]!, key)).toBe(true)
      expect(hook.received[0]!.json).toMatchObject({
        type: 'search.match',
        alert: { id },
        document: { title: 'Kafka consumer lag' },
      })
    } finally {
      serve.child.kill('SIGTERM')
      await serve.exited
    }
  }, 120_000)
})
