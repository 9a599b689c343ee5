import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StoreLockedError } from '../lib/errors.ts'
import { openPglite } from '../storage/pglite.ts'
import { lockFileOf } from '../storage/store-lock.ts'
import { copyCorpus, tempDir } from './helpers/corpus.ts'
import { backend } from './helpers/db.ts'
import { type FakeOpenAI, startFakeOpenAI } from './helpers/fake-openai.ts'
import { spawnCli, waitForOutput } from './helpers/spawn-cli.ts'

/** A pid that no process has any more: a child that ran and exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', ''])
  return r.pid!
}

describe.skipIf(backend === 'postgres')('one writer per embedded store (in-process)', () => {
  let tmp: { dir: string; cleanup: () => void }
  beforeAll(() => {
    tmp = tempDir('fieldkb-lock-')
  })
  afterAll(() => tmp?.cleanup())

  it('refuses a second open of the same data directory and opens it again once closed', async () => {
    const dir = path.join(tmp.dir, 'a', 'pglite')
    const first = await openPglite(dir)
    try {
      await expect(openPglite(dir)).rejects.toBeInstanceOf(StoreLockedError)
    } finally {
      await first.close()
    }
    expect(existsSync(lockFileOf(dir))).toBe(false)
    const again = await openPglite(dir)
    await again.close()
  })

  it('takes over a lock left by a process that is gone', async () => {
    const dir = path.join(tmp.dir, 'b', 'pglite')
    mkdirSync(dir, { recursive: true })
    const stale = {
      pid: deadPid(),
      hostname: (await import('node:os')).hostname(),
      command: 'x',
      startedAt: 'y',
    }
    writeFileSync(lockFileOf(dir), JSON.stringify(stale))
    const db = await openPglite(dir)
    try {
      expect(JSON.parse(readFileSync(lockFileOf(dir), 'utf8')).pid).toBe(process.pid)
    } finally {
      await db.close()
    }
  })

  it('refuses a lock from another host and says which file to delete if that process is gone', async () => {
    const dir = path.join(tmp.dir, 'c', 'pglite')
    mkdirSync(dir, { recursive: true })
    const other = { pid: deadPid(), hostname: 'another-host', command: 'fieldkb ingest', startedAt: 'y' }
    writeFileSync(lockFileOf(dir), JSON.stringify(other))
    const error = await openPglite(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreLockedError)
    expect((error as StoreLockedError).hint).toContain(lockFileOf(dir))
  })
})

describe.skipIf(backend === 'postgres')('one writer per embedded store (two real processes)', () => {
  let fake: FakeOpenAI
  let data: { dir: string; cleanup: () => void }
  let corpus: { dir: string; cleanup: () => void }
  let env: Record<string, string>

  beforeAll(async () => {
    fake = await startFakeOpenAI()
    data = tempDir('fieldkb-lock-store-')
    corpus = copyCorpus()
    env = {
      FIELDKB_DATA_DIR: data.dir,
      FIELDKB_EMBEDDINGS: 'openai',
      OPENAI_API_KEY: 'sk-test-not-a-real-key',
      OPENAI_BASE_URL: fake.url,
      FIELDKB_EMBEDDING_DIMENSIONS: '16',
    }
  })
  afterAll(async () => {
    await fake?.close()
    data?.cleanup()
    corpus?.cleanup()
  })

  it('refuses CLI commands at once while `fieldkb serve` holds the store, and serves on unharmed', async () => {
    const serve = spawnCli(['serve', '--port', '0'], env)
    try {
      const [, url] = await waitForOutput(serve, /listening on (http:\/\/\S+) /)
      const file = path.join(corpus.dir, 'customers')
      for (const args of [['ingest', file], ['status']]) {
        const run = await spawnCli(args, env).exited
        expect(run.code, run.out).toBe(3)
        expect(run.out).toContain(`pid ${serve.child.pid}`)
        expect(run.out).toContain(url)
      }
      const upload = await fetch(`${url}/api/documents?filename=notes.md`, {
        method: 'POST',
        headers: { 'content-type': 'text/markdown' },
        body: '# Notes\n\nThe sync job timed out after the proxy dropped idle connections.\n',
      })
      expect(upload.status).toBe(201)
    } finally {
      serve.child.kill('SIGTERM')
      await serve.exited
    }
    const status = await spawnCli(['status', '--json'], env).exited
    expect(status.code, status.out).toBe(0)
    expect(JSON.parse(status.out.slice(status.out.indexOf('{'))).documents).toBe(1)
  }, 300_000)

  it('lets the next process take over after the holder was killed', async () => {
    const serve = spawnCli(['serve', '--port', '0'], env)
    await waitForOutput(serve, /listening on /)
    serve.child.kill('SIGKILL')
    await serve.exited
    const status = await spawnCli(['status', '--json'], env).exited
    expect(status.code, status.out).toBe(0)
  }, 300_000)
})
