import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { StorageError } from '../lib/errors.ts'
import type { Db } from './db.ts'

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')
// Arbitrary constant: every fieldkb process migrating the same database serialises on it.
const MIGRATION_LOCK = 7_413_001

/** One versioned plain-SQL migration file. */
export interface Migration {
  version: number
  name: string
  sql: string
}

/** Read `storage/migrations/NNN_name.sql` in version order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((f) => ({
      version: Number.parseInt(f, 10),
      name: f.replace(/\.sql$/, ''),
      sql: readFileSync(path.join(dir, f), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version)
}

/**
 * Apply pending migrations, each in its own transaction and recorded in `schema_migrations`.
 * Running it again is a no-op. Returns the names applied by this call.
 */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<string[]> {
  // Under the lock too: two first runs creating the table at once collide in the catalogue
  // ("duplicate key … pg_type_typname_nsp_index") even with IF NOT EXISTS.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
  })
  const applied: string[] = []
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version])
      if (rows.length > 0) return false
      try {
        await tx.exec(m.sql)
      } catch (cause) {
        throw new StorageError(`migration ${m.name} failed: ${(cause as Error).message}`, { cause })
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      return true
    })
    if (done) applied.push(m.name)
  }
  return applied
}
