import { Writable } from 'node:stream'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertSafeBind, isLoopback, startServer } from '../api/server.ts'
import { serveCommand } from '../cli/commands/serve.ts'
import { registerToken } from '../cli/commands/token.ts'
import type { Context } from '../cli/context.ts'
import type { Register } from '../cli/main.ts'
import { loadConfig } from '../config/load.ts'
import { NotFoundError, ValidationError } from '../lib/errors.ts'
import { createToken, revokeToken } from '../storage/tokens.ts'
import { type TestApp, testApp } from './helpers/app.ts'
import { backend } from './helpers/db.ts'

class Capture extends Writable {
  text = ''
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString()
    done()
  }
}

describe(`the API server and its CLI commands on ${backend}`, () => {
  let t: TestApp
  let embedderLoaded = false
  beforeAll(async () => {
    t = await testApp()
  })
  afterAll(async () => t?.dispose())

  const deps = (env: Record<string, string> = {}) => ({
    db: t.db,
    embedder: t.embedder,
    config: loadConfig({ FIELDKB_DATA_DIR: '/nonexistent', ...env }),
  })
  const cli = (register: Register, env: Record<string, string> = {}) => {
    const stdout = new Capture()
    const stderr = new Capture()
    const ctx: Context = {
      config: deps(env).config,
      db: async () => t.db,
      embedder: async () => {
        embedderLoaded = true
        return t.embedder
      },
      close: async () => {},
    }
    const program = new Command()
      .exitOverride()
      .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) })
    register(
      program,
      () => ctx,
      { env, stdout, stderr },
      () => {},
    )
    const run = (...argv: string[]) => program.parseAsync(argv, { from: 'user' })
    return { run, stdout, stderr }
  }

  it('tells loopback addresses from exposed ones', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopback(h), h).toBe(true)
    for (const h of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1'])
      expect(isLoopback(h), h).toBe(false)
  })

  it('refuses to listen beyond loopback without tokens, saying how to create one', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      const error = await startServer(deps(), { host, port: 0 }).catch((e: unknown) => e)
      expect(error, host).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).hint).toContain('fieldkb token create --role admin')
      expect((error as ValidationError).hint).toContain('FIELDKB_API_TOKENS')
    }
    expect(() => assertSafeBind('0.0.0.0', true)).not.toThrow()
  })

  it('serves the API on a free loopback port, open while no token exists', async () => {
    const server = await startServer(deps(), { host: '127.0.0.1', port: 0 })
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
      expect(server.authRequired).toBe(false)
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      expect((await fetch(`${server.url}/api/stats`)).status).toBe(200)
    } finally {
      await server.close()
    }
  })

  it('listens beyond loopback with a token, and stays closed after every stored token is revoked', async () => {
    const admin = await createToken(t.db, { role: 'admin', name: 'server test' })
    const server = await startServer(deps(), { host: '0.0.0.0', port: 0 })
    try {
      const local = `http://127.0.0.1:${server.port}`
      expect(server.authRequired).toBe(true)
      const auth = { headers: { authorization: `Bearer ${admin.token}` } }
      expect((await fetch(`${local}/api/stats`, auth)).status).toBe(200)
      await revokeToken(t.db, admin.id)
      expect((await fetch(`${local}/api/stats`)).status).toBe(401)
    } finally {
      await server.close()
    }
  })

  it('makes `fieldkb serve` refuse an exposed host before loading the embedding model', async () => {
    embedderLoaded = false
    const { run } = cli(serveCommand({ shutdown: async () => {} }))
    await expect(run('serve', '--host', '0.0.0.0', '--port', '0')).rejects.toBeInstanceOf(ValidationError)
    expect(embedderLoaded).toBe(false)
  })

  it('makes `fieldkb serve` print its URL, serve requests and shut down when signalled', async () => {
    let stop = () => {}
    const stopped = new Promise<void>((resolve) => {
      stop = resolve
    })
    const { run, stdout, stderr } = cli(serveCommand({ shutdown: () => stopped }))
    const running = run('serve', '--port', '0')
    await expect
      .poll(() => stdout.text, { timeout: 10_000 })
      .toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/)
    const url = /http:\/\/\S+/.exec(stdout.text)![0]
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    stop()
    await running
    expect(stderr.text).toContain('shutting down')
    await expect(fetch(`${url}/healthz`)).rejects.toThrow()
  })

  it('makes `fieldkb token` create a token shown once, list it without secrets and revoke it', async () => {
    const create = cli(registerToken)
    await create.run('token', 'create', '--role', 'editor', '--name', 'ci bot')
    const token = create.stdout.text.trim()
    expect(token).toMatch(/^fkb_/)
    expect(create.stderr.text).toMatch(/will not be shown again/)

    const list = cli(registerToken, { FIELDKB_API_TOKENS: 'reader:static-token-1234567890' })
    await list.run('token', 'list', '--json')
    const listed = JSON.parse(list.stdout.text) as {
      items: { id: number; name: string }[]
      staticTokens: number
    }
    expect(list.stdout.text).not.toContain(token)
    expect(listed.staticTokens).toBe(1)
    const id = listed.items.find((i) => i.name === 'ci bot')!.id

    const revoke = cli(registerToken)
    await revoke.run('token', 'revoke', String(id))
    expect(revoke.stdout.text).toContain(`revoked token #${id}`)
    expect((await t.call('/api/stats', { token })).status).toBe(401)
    await expect(cli(registerToken).run('token', 'revoke', '99999')).rejects.toBeInstanceOf(NotFoundError)
  })

  it('makes `fieldkb token create --json` print the token with its metadata and reject bad roles', async () => {
    const json = cli(registerToken)
    await json.run('token', 'create', '--role', 'reader', '--json')
    expect(JSON.parse(json.stdout.text)).toMatchObject({
      role: 'reader',
      token: expect.stringMatching(/^fkb_/),
    })
    const bad = cli(registerToken)
    await expect(bad.run('token', 'create', '--role', 'root')).rejects.toThrow(/reader, editor or admin/)
  })
})
