import { mkdirSync } from 'node:fs'
import { PGlite, type Transaction } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { StorageError } from '../lib/errors.ts'
import { type Db, type Queryable, SESSION_SETTINGS, transactionMode, uniformParsers } from './db.ts'
import { acquireStoreLock } from './store-lock.ts'

/**
 * Open (creating if needed) an embedded PGlite database with pgvector, persisted in `dataDir`;
 * pass `undefined` for an in-memory database (tests). An on-disk store is locked for as long as it
 * is open: a second opener, in this or another process, gets `StoreLockedError` at once.
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const lock = dataDir ? acquireStoreLock(dataDir) : undefined
  let pg: PGlite | undefined
  try {
    pg = await PGlite.create(dataDir, { extensions: { vector }, parsers: uniformParsers })
    for (const [name, value] of Object.entries(SESSION_SETTINGS)) {
      await pg.query('SELECT set_config($1, $2, false)', [name, value])
    }
  } catch (cause) {
    await pg?.close().catch(() => {})
    lock?.release()
    throw new StorageError(`could not open the embedded database at ${dataDir ?? 'memory'}`, {
      cause,
      hint: 'the directory may be damaged or not writable; check it or set FIELDKB_DATA_DIR',
    })
  }
  const wrap = (q: PGlite | Transaction): Queryable => ({
    async query<R>(sql: string, params: unknown[] = []) {
      return (await q.query<R>(sql, params)).rows
    },
    async exec(sql: string) {
      await q.exec(sql)
    },
  })
  const open = pg
  const base = wrap(open)
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    // One connection: nothing interleaves with a transaction, so there is nothing to retry; the
    // isolation is still set so a snapshot read behaves the same on both backends.
    transaction: (fn, options) =>
      open.transaction(async (tx) => {
        const mode = transactionMode(options)
        if (mode) await tx.exec(`SET TRANSACTION ${mode}`)
        return fn(wrap(tx))
      }),
    close: async () => {
      try {
        await open.close()
      } finally {
        lock?.release()
      }
    },
  }
}
