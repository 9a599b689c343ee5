import { mkdirSync } from 'node:fs'
import { PGlite, type Transaction } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { StorageError } from '../lib/errors.ts'
import { type Db, type Queryable, SESSION_SETTINGS, transactionMode, uniformParsers } from './db.ts'

/**
 * Open (creating if needed) an embedded PGlite database with pgvector, persisted in `dataDir`;
 * pass `undefined` for an in-memory database (tests).
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  let pg: PGlite
  try {
    pg = await PGlite.create(dataDir, { extensions: { vector }, parsers: uniformParsers })
  } catch (cause) {
    throw new StorageError(`could not open the embedded database at ${dataDir ?? 'memory'}`, {
      cause,
      hint: 'another fieldkb process may hold it open, or the directory is damaged; stop other runs or set FIELDKB_DATA_DIR',
    })
  }
  for (const [name, value] of Object.entries(SESSION_SETTINGS)) {
    await pg.query('SELECT set_config($1, $2, false)', [name, value])
  }
  const wrap = (q: PGlite | Transaction): Queryable => ({
    async query<R>(sql: string, params: unknown[] = []) {
      return (await q.query<R>(sql, params)).rows
    },
    async exec(sql: string) {
      await q.exec(sql)
    },
  })
  const base = wrap(pg)
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    // One connection: nothing interleaves with a transaction, so there is nothing to retry; the
    // isolation is still set so a snapshot read behaves the same on both backends.
    transaction: (fn, options) =>
      pg.transaction(async (tx) => {
        const mode = transactionMode(options)
        if (mode) await tx.exec(`SET TRANSACTION ${mode}`)
        return fn(wrap(tx))
      }),
    close: () => pg.close(),
  }
}
