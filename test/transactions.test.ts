import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SNAPSHOT } from '../storage/db.ts'
import { loadMigrations, migrate } from '../storage/migrate.ts'
import { openPostgres } from '../storage/postgres.ts'
import { DEFAULT_RETRY, isRetryableConflict, retryConflicts } from '../storage/retry.ts'
import { backend, freshDb, type TestDb } from './helpers/db.ts'

const conflict = (code: string) => Object.assign(new Error(`conflict ${code}`), { code })
const FAST = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 }

describe('retrying concurrency conflicts', () => {
  it('re-runs work that failed with a deadlock or serialisation failure until it succeeds', async () => {
    let calls = 0
    const result = await retryConflicts(async () => {
      calls++
      if (calls === 1) throw conflict('40P01')
      if (calls === 2) throw conflict('40001')
      return 'done'
    }, FAST)
    expect({ result, calls }).toEqual({ result: 'done', calls: 3 })
  })

  it('gives up after the bounded number of attempts and throws the last conflict', async () => {
    let calls = 0
    const always = retryConflicts(async () => {
      calls++
      throw conflict('40001')
    }, FAST)
    await expect(always).rejects.toThrow('conflict 40001')
    expect(calls).toBe(FAST.attempts)
    expect(DEFAULT_RETRY.attempts).toBeGreaterThan(1)
  })

  it('never re-runs work that failed for any other reason', async () => {
    let calls = 0
    const failing = retryConflicts(async () => {
      calls++
      throw conflict('23505')
    }, FAST)
    await expect(failing).rejects.toThrow('conflict 23505')
    expect(calls).toBe(1)
  })

  it('recognises a conflict wrapped as the cause of another error', () => {
    expect(isRetryableConflict(new Error('write failed', { cause: conflict('40P01') }))).toBe(true)
    expect(isRetryableConflict(new Error('plain'))).toBe(false)
  })
})

describe(`snapshot transactions on ${backend}`, () => {
  let t: TestDb
  beforeAll(async () => {
    t = await freshDb()
  })
  afterAll(async () => t?.dispose())

  it('refuses writes inside a read-only snapshot', async () => {
    const write = t.db.transaction(
      (tx) => tx.query("INSERT INTO store_meta (key, value) VALUES ('x', '1')"),
      SNAPSHOT,
    )
    await expect(write).rejects.toThrow(/read-only transaction/)
  })
})

describe.skipIf(backend !== 'postgres')('transactions on PostgreSQL under contention', () => {
  let t: TestDb
  beforeAll(async () => {
    t = await freshDb()
    await t.db.exec(
      'CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counters VALUES (1, 0), (2, 0)',
    )
  })
  afterAll(async () => t?.dispose())

  it('re-runs the victim of a real deadlock so both transactions commit', async () => {
    let firstLocked!: () => void
    let secondLocked!: () => void
    const first = new Promise<void>((r) => (firstLocked = r))
    const second = new Promise<void>((r) => (secondLocked = r))
    let runs = 0
    // Each transaction bumps both rows, in opposite orders, and waits for the other's first lock:
    // the textbook deadlock. The server aborts one; only a retry lets it commit.
    const bump = (a: number, b: number, locked: () => void, other: Promise<void>) =>
      t.db.transaction(async (tx) => {
        runs++
        await tx.query('UPDATE counters SET n = n + 1 WHERE id = $1', [a])
        locked()
        await other
        await tx.query('UPDATE counters SET n = n + 1 WHERE id = $1', [b])
      })
    await Promise.all([bump(1, 2, firstLocked, second), bump(2, 1, secondLocked, first)])
    expect(runs).toBe(3)
    const rows = await t.db.query<{ n: number }>('SELECT n FROM counters ORDER BY id')
    expect(rows).toEqual([{ n: 2 }, { n: 2 }])
  })

  it('keeps one snapshot for every statement of a snapshot read while others commit', async () => {
    const other = await openPostgres(t.env.DATABASE_URL!, 1)
    try {
      const seen = await t.db.transaction(async (tx) => {
        const before = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM store_meta')
        await other.query("INSERT INTO store_meta (key, value) VALUES ('committed-meanwhile', '1')")
        const after = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM store_meta')
        return [before[0]!.n, after[0]!.n]
      }, SNAPSHOT)
      expect(seen[1]).toBe(seen[0])
      const [now] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM store_meta')
      expect(now!.n).toBe(seen[0]! + 1)
    } finally {
      await other.close()
    }
  })

  it('lets several processes migrate a blank database at the same time', async () => {
    // Two rounds: the catalogue collision of unlocked first runs hit 19 of 30 attempts.
    for (let round = 0; round < 2; round++) {
      const blank = await freshDb({ migrated: false })
      const others = await Promise.all([1, 2].map(() => openPostgres(blank.env.DATABASE_URL!, 1)))
      try {
        const applied = await Promise.all([blank.db, ...others].map((db) => migrate(db)))
        expect(applied.flat().sort()).toEqual(loadMigrations().map((m) => m.name))
      } finally {
        await Promise.all(others.map((db) => db.close()))
        await blank.dispose()
      }
    }
  })
})
