import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { loadConfig } from '../../config/load.ts'
import type { Db } from '../../storage/db.ts'
import { migrate } from '../../storage/migrate.ts'
import { openPglite } from '../../storage/pglite.ts'
import { openPostgres } from '../../storage/postgres.ts'

const database = loadConfig(process.env).database

/** Which backend this test run exercises: `postgres` when DATABASE_URL is set, else `pglite`. */
export const backend = database.kind

/** A migrated, empty database of the current backend, and a function that disposes of it. */
export interface TestDb {
  db: Db
  /** Environment that points a child `fieldkb` process at this same store. */
  env: Record<string, string>
  dispose(): Promise<void>
}

/**
 * A fresh, isolated store: an in-memory PGlite, or a throwaway database created on the PostgreSQL
 * server from DATABASE_URL (so test files can run in parallel without sharing rows).
 */
export async function freshDb(options: { migrated?: boolean; onDisk?: boolean } = {}): Promise<TestDb> {
  let db: Db
  let drop = async () => {}
  let env: Record<string, string> = {}
  if (database.kind === 'pglite') {
    const dataDir = options.onDisk ? mkdtempSync(path.join(tmpdir(), 'fieldkb-db-')) : undefined
    db = await openPglite(dataDir ? path.join(dataDir, 'pglite') : undefined)
    if (dataDir) {
      env = { FIELDKB_DATA_DIR: dataDir }
      drop = async () => rmSync(dataDir, { recursive: true, force: true })
    }
  } else {
    const name = `fieldkb_t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: database.url })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const url = new URL(database.url)
    url.pathname = `/${name}`
    db = await openPostgres(url.toString(), 4)
    env = { DATABASE_URL: url.toString() }
    drop = async () => {
      const a = new pg.Client({ connectionString: database.url })
      await a.connect()
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await a.end()
    }
  }
  if (options.migrated !== false) await migrate(db)
  return {
    db,
    env,
    async dispose() {
      await db.close()
      await drop()
    },
  }
}
