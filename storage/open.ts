import type { Config } from '../config/load.ts'
import type { Db } from './db.ts'
import { openPglite } from './pglite.ts'
import { openPostgres } from './postgres.ts'

/** Open the database the config names: a PostgreSQL server when `DATABASE_URL` is set, else PGlite. */
export function openDb(database: Config['database']): Promise<Db> {
  return database.kind === 'postgres' ? openPostgres(database.url) : openPglite(database.dataDir)
}
