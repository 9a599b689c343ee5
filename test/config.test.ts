import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load.ts'
import { ConfigError } from '../lib/errors.ts'
import { runCli } from './helpers/cli.ts'

describe('loadConfig', () => {
  it('defaults to the embedded store under ./.fieldkb, local embeddings and loopback', () => {
    const config = loadConfig({}, '/srv/kb')
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/srv/kb/.fieldkb/pglite' })
    expect(config.embeddings).toEqual({ provider: 'local', cacheDir: '/srv/kb/.fieldkb/cache' })
    expect(config.server.host).toBe('127.0.0.1')
    expect(config.ingest.maxFileBytes).toBe(10 * 1024 * 1024)
  })

  it('returns a frozen object', () => {
    const config = loadConfig({})
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.server)).toBe(true)
  })

  it('uses a PostgreSQL server when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/kb' })
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/kb' })
  })

  it('configures OpenAI-compatible embeddings with model, dimensions and base URL', () => {
    const config = loadConfig({
      FIELDKB_EMBEDDINGS: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      FIELDKB_EMBEDDING_MODEL: 'nomic-embed-text',
      FIELDKB_EMBEDDING_DIMENSIONS: '768',
    })
    expect(config.embeddings).toMatchObject({
      provider: 'openai',
      model: 'nomic-embed-text',
      dimensions: 768,
    })
  })

  it('parses role:token API tokens and digest recipients', () => {
    const config = loadConfig({
      FIELDKB_API_TOKENS: 'reader:abcdefghijklmnop1234, admin:ZYXWVUTSRQPONMLK9876',
      FIELDKB_DIGEST_TO: 'cto@example.com,vp@example.com',
    })
    expect(config.apiTokens).toEqual([
      { role: 'reader', token: 'abcdefghijklmnop1234' },
      { role: 'admin', token: 'ZYXWVUTSRQPONMLK9876' },
    ])
    expect(config.mail.digestTo).toEqual(['cto@example.com', 'vp@example.com'])
  })

  it('names every bad variable and what it expects in one error', () => {
    const env = {
      DATABASE_URL: 'mysql://nope',
      FIELDKB_PORT: 'eighty',
      FIELDKB_EMBEDDINGS: 'word2vec',
      FIELDKB_REDACT_IPV4: 'maybe',
      FIELDKB_DIGEST_TO: 'not-an-email',
    }
    let error: unknown
    try {
      loadConfig(env)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as ConfigError).message
    for (const name of Object.keys(env)) expect(message).toContain(name)
    expect(message).toContain('expected an integer')
    expect(message).toContain('expected local or openai')
    // Connection strings can hold passwords: never echoed back.
    expect(message).not.toContain('mysql://nope')
  })

  it('requires an API key for OpenAI embeddings unless a base URL is given', () => {
    expect(() => loadConfig({ FIELDKB_EMBEDDINGS: 'openai' })).toThrow(/OPENAI_API_KEY/)
    expect(() =>
      loadConfig({ FIELDKB_EMBEDDINGS: 'openai', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }),
    ).not.toThrow()
  })
})

describe('the fieldkb command', () => {
  it('exits with code 2 and one clear message on invalid configuration', async () => {
    const run = await runCli(['status'], { FIELDKB_PORT: '99999', FIELDKB_LOG_LEVEL: 'loud' })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Invalid configuration/)
    expect(run.stderr).toMatch(/FIELDKB_PORT: expected an integer <= 65535/)
    expect(run.stderr).toMatch(/FIELDKB_LOG_LEVEL/)
  })

  it.each([
    [[]],
    [['ingest']],
    [['search']],
    [['patterns']],
    [['patterns', 'set']],
    [['patterns', 'export']],
    [['patterns', 'history']],
    [['insights']],
    [['insights', 'refresh']],
    [['digest']],
    [['serve']],
    [['token']],
    [['token', 'create']],
    [['status']],
    [['reembed']],
  ])('prints help for %j with --help', async (args) => {
    const run = await runCli([...args, '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Usage: fieldkb/)
  })

  it('rejects an unknown command with usage exit code 2', async () => {
    const run = await runCli(['frobnicate'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/unknown command/)
  })
})

describe('fieldkb serve', () => {
  it('refuses to listen on a non-loopback address without tokens and exits with code 2', async () => {
    const run = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], {
      FIELDKB_DATA_DIR: '/nonexistent/never-opened',
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/0\.0\.0\.0/)
    expect(run.stderr).toMatch(/token/i)
  })
})
