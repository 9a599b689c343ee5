import type { Config } from '../config/load.ts'
import type { Db } from './db.ts'
import { migrate } from './migrate.ts'
import { openDb } from './open.ts'

export type { Db, Queryable } from './db.ts'

/** Open the configured database and bring its schema up to date. */
export async function openStore(database: Config['database']): Promise<Db> {
  const db = await openDb(database)
  try {
    await migrate(db)
  } catch (error) {
    await db.close().catch(() => {})
    throw error
  }
  return db
}
