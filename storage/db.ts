/**
 * The one database interface both backends implement: embedded PGlite and a PostgreSQL server
 * run the same SQL through it.
 */

/** Anything that can run a parameterised statement. Values are always `$n` parameters. */
export interface Queryable {
  /** Run one statement with `$1…$n` parameters and return its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>
  /** Run a script of several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>
}

/** How a transaction sees concurrent writes (default: PostgreSQL's READ COMMITTED, read-write). */
export interface TransactionOptions {
  /** `repeatable read`: every statement sees the one snapshot taken at the first. */
  isolation?: 'read committed' | 'repeatable read' | 'serializable'
  readOnly?: boolean
}

/** Options for a read that must see one consistent state of the store (several statements). */
export const SNAPSHOT: Readonly<TransactionOptions> = { isolation: 'repeatable read', readOnly: true }

/** A connection to the store's database. */
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres'
  /**
   * Run `fn` in one transaction: committed if it resolves, rolled back if it throws. On PostgreSQL a
   * deadlock or serialisation failure re-runs `fn` (bounded, with backoff), so `fn` must only do
   * database work.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>
  close(): Promise<void>
}

// Type OIDs whose default JS parsing differs between pg and PGlite; both backends use these so
// rows look the same whichever store answered.
/** Postgres type OIDs with uniform parsers. */
export const TYPE_OIDS = { INT8: 20, DATE: 1082, NUMERIC: 1700 } as const

/** Parse int8/numeric as JS numbers and dates as `YYYY-MM-DD` strings. */
export const uniformParsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.INT8]: (v) => Number(v),
  [TYPE_OIDS.NUMERIC]: (v) => Number(v),
  [TYPE_OIDS.DATE]: (v) => v,
}

/**
 * Session settings every connection starts with. pgvector's HNSW scan returns at most
 * `ef_search` candidates (default 40): 100 lets a 100-candidate search pool run as a single
 * statement. `strict_order` iterative scans keep going past ef_search until a filtered query has its
 * k rows, exactly ordered (pgvector >= 0.8; older versions ignore it with a warning).
 */
export const SESSION_SETTINGS: Readonly<Record<string, string>> = {
  'hnsw.ef_search': '100',
  'hnsw.iterative_scan': 'strict_order',
}

/** The transaction modes of `options` for `BEGIN …` / `SET TRANSACTION …` (fixed keywords only). */
export function transactionMode(options: TransactionOptions = {}): string {
  const parts: string[] = []
  if (options.isolation) parts.push(`ISOLATION LEVEL ${options.isolation.toUpperCase()}`)
  if (options.readOnly) parts.push('READ ONLY')
  return parts.join(' ')
}

/** Whether the database answers (`SELECT 1`); throws what the driver threw when it does not. */
export async function ping(db: Queryable): Promise<void> {
  await db.query('SELECT 1')
}
