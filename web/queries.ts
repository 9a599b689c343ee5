import type { TokenScope } from '../schemas/governance.ts'
import type { Queryable } from '../storage/db.ts'
import { scopeSql } from '../storage/scope.ts'

/** Read-only queries the pages need beyond the storage and search modules. */

/** Every customer with its number of documents, by name. */
export async function customerCounts(
  db: Queryable,
  scope?: TokenScope,
): Promise<{ value: string; count: number }[]> {
  const scoped = scopeSql(scope, 1)
  return db.query<{ value: string; count: number }>(
    `SELECT d.customer AS value, count(*)::int AS count FROM documents d
     WHERE d.status = 'ok' AND ${scoped.sql} GROUP BY d.customer ORDER BY d.customer`,
    scoped.params,
  )
}

/** A recently ingested document, for the ingest page. */
export interface RecentIngest {
  id: number
  title: string | null
  customer: string | null
  type: string | null
  sourcePath: string
  status: 'ok' | 'failed'
  chunks: number
  updatedAt: string
}

/** Documents most recently (re)ingested first, with their chunk counts. */
export async function recentIngests(db: Queryable, limit = 25, scope?: TokenScope): Promise<RecentIngest[]> {
  const scoped = scopeSql(scope, 2)
  const rows = await db.query<Omit<RecentIngest, 'updatedAt'> & { updatedAt: Date }>(
    `SELECT d.id, d.title, d.customer, d.type, d.source_path AS "sourcePath", d.status,
       (SELECT count(*)::int FROM chunks c WHERE c.document_id = d.id) AS chunks, d.updated_at AS "updatedAt"
     FROM documents d WHERE ${scoped.sql} ORDER BY d.updated_at DESC, d.id DESC LIMIT $1`,
    [limit, ...scoped.params],
  )
  return rows.map((r) => ({ ...r, id: Number(r.id), updatedAt: new Date(r.updatedAt).toISOString() }))
}

/** A document in a pattern, for the pattern listing. */
export interface PatternDocument {
  id: number
  title: string
  customer: string
  date: string
}

/** The documents of each pattern (one query for the whole listing), newest first. */
export async function patternDocuments(
  db: Queryable,
  scope?: TokenScope,
): Promise<Map<string, PatternDocument[]>> {
  const scoped = scopeSql(scope, 1)
  const rows = await db.query<PatternDocument & { patternId: string }>(
    `SELECT DISTINCT m.pattern_id AS "patternId", d.id, d.title, d.customer, d.date::text AS date
     FROM pattern_members m JOIN documents d ON d.id = m.document_id WHERE ${scoped.sql}
     ORDER BY m.pattern_id, date DESC, d.id`,
    scoped.params,
  )
  const byPattern = new Map<string, PatternDocument[]>()
  for (const { patternId, ...doc } of rows) {
    const list = byPattern.get(patternId) ?? []
    list.push({ ...doc, id: Number(doc.id) })
    byPattern.set(patternId, list)
  }
  return byPattern
}
