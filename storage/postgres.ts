import pg from 'pg'
import { StorageError } from '../lib/errors.ts'
import { type Db, type Queryable, SESSION_SETTINGS, transactionMode, uniformParsers } from './db.ts'
import { retryConflicts } from './retry.ts'

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const own = uniformParsers[oid]
    return own ?? pg.types.getTypeParser(oid, format)
  },
} as pg.CustomTypesConfig

/** Connect a pool to a PostgreSQL server (with the pgvector extension available). */
export async function openPostgres(url: string, max = 10): Promise<Db> {
  const options = Object.entries(SESSION_SETTINGS)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ')
  const pool = new pg.Pool({ connectionString: url, max, types, options })
  // An idle client erroring (server restart) must not crash the process.
  pool.on('error', () => {})
  try {
    await pool.query('SELECT 1')
  } catch (cause) {
    await pool.end().catch(() => {})
    throw new StorageError(
      `could not connect to PostgreSQL at ${redactUrl(url)}: ${(cause as Error).message}`,
      {
        cause,
        hint: 'check DATABASE_URL and that the server is running, or unset DATABASE_URL to use the embedded store',
      },
    )
  }
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params: unknown[] = []) {
      return (await c.query(sql, params)).rows as R[]
    },
    async exec(sql: string) {
      await c.query(sql)
    },
  })
  const base = wrap(pool)
  return {
    kind: 'postgres',
    // A single statement outside a transaction is rolled back whole when it loses a deadlock, so
    // re-running it is safe.
    query: (sql, params) => retryConflicts(() => base.query(sql, params)),
    exec: base.exec,
    transaction: (fn, options) =>
      retryConflicts(async () => {
        const client = await pool.connect()
        try {
          await client.query(`BEGIN ${transactionMode(options)}`)
          const result = await fn(wrap(client))
          await client.query('COMMIT')
          return result
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {})
          throw error
        } finally {
          client.release()
        }
      }),
    close: () => pool.end(),
  }
}

/** Hide the password of a connection URL for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '<unparseable DATABASE_URL>'
  }
}
