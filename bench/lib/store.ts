import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { Db } from '../../storage/db.ts'
import { openStore } from '../../storage/index.ts'
import { redactUrl } from '../../storage/postgres.ts'

/** The two storage backends fieldkb runs on. */
export type Backend = 'pglite' | 'postgres'

/** A store opened for a benchmark, with its own clean-up. */
export interface BenchStore {
  db: Db
  backend: Backend
  /** The PGlite directory or the PostgreSQL URL (password hidden). */
  location: string
  /** True when `reuse` named an existing store that is kept afterwards. */
  reused: boolean
  /** Close the store and, unless reused, delete it (temp dir removed / database dropped). */
  dispose(): Promise<void>
}

/** How to open a benchmark store. */
export interface BenchStoreOptions {
  backend: Backend
  /** Server URL (required for `postgres`); a fresh database is created on this server. */
  url?: string
  /** Keep the store between runs: a PGlite directory, or a PostgreSQL database name. */
  reuse?: string
}

/** A scratch database on a PostgreSQL server. */
export interface ScratchDatabase {
  name: string
  /** URL of the scratch database (same server and credentials). */
  url: string
  /** Drop it (forcibly disconnecting any session). */
  drop(): Promise<void>
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/**
 * Create a database named `name` (or `<prefix>_<random>`) on the server of `url`; with
 * `keepExisting`, an existing database of that name is used as it is.
 */
export async function createScratchDatabase(
  url: string,
  opts: { prefix?: string; name?: string; keepExisting?: boolean } = {},
): Promise<ScratchDatabase> {
  const name = opts.name ?? `${opts.prefix ?? 'fieldkb_bench'}_${randomBytes(5).toString('hex')}`
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`"${name}" is not a plain lower-case PostgreSQL database name`)
  }
  await admin(url, async (c) => {
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount
    if (exists && !opts.keepExisting) throw new Error(`database ${name} already exists`)
    // Identifiers cannot be bound as parameters; the name is validated above.
    if (!exists) await c.query(`CREATE DATABASE ${name}`)
  })
  return {
    name,
    url: withDatabase(url, name),
    drop: () => admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  }
}

/**
 * Open a migrated store for a benchmark: by default a FRESH one (a temp PGlite directory, or a new
 * database on the PostgreSQL server) that `dispose` deletes; with `reuse`, a kept store.
 */
export async function openBenchStore(opts: BenchStoreOptions): Promise<BenchStore> {
  if (opts.backend === 'pglite') {
    const dataDir = opts.reuse
      ? path.resolve(opts.reuse)
      : await mkdtemp(path.join(os.tmpdir(), 'fieldkb-bench-'))
    const db = await openStore({ kind: 'pglite', dataDir })
    return {
      db,
      backend: 'pglite',
      location: dataDir,
      reused: Boolean(opts.reuse),
      async dispose() {
        await db.close().catch(() => {})
        if (!opts.reuse) await rm(dataDir, { recursive: true, force: true })
      },
    }
  }
  if (!opts.url) throw new Error('the postgres backend needs DATABASE_URL')
  const scratch = await createScratchDatabase(opts.url, {
    ...(opts.reuse ? { name: opts.reuse } : {}),
    keepExisting: Boolean(opts.reuse),
  })
  let db: Db
  try {
    db = await openStore({ kind: 'postgres', url: scratch.url })
  } catch (error) {
    if (!opts.reuse) await scratch.drop().catch(() => {})
    throw error
  }
  return {
    db,
    backend: 'postgres',
    location: redactUrl(scratch.url),
    reused: Boolean(opts.reuse),
    async dispose() {
      await db.close().catch(() => {})
      if (!opts.reuse) await scratch.drop()
    },
  }
}
