import type { Queryable } from './db.ts'

/** What to do about a document dated by its file modification time. */
export const UNDATED_HINT = 'add `date:` frontmatter or a date in the file name'

/** A document whose date is only its file's modification time (a copy or checkout resets it). */
export interface UndatedDocument {
  id: number
  sourcePath: string
  /** The mtime day it was given. */
  date: string
}

/** Documents dated by mtime (`date_source = 'mtime'`), by path; they never set the trend reference date. */
export async function undatedDocuments(db: Queryable, limit = 100): Promise<UndatedDocument[]> {
  const rows = await db.query<{ id: number; sourcePath: string; date: string }>(
    `SELECT id, source_path AS "sourcePath", date::text AS date FROM documents
     WHERE status = 'ok' AND date_source = 'mtime' ORDER BY source_path, id LIMIT $1`,
    [limit],
  )
  return rows.map((r) => ({ ...r, id: Number(r.id) }))
}

/** How many documents are dated by mtime. */
export async function countUndated(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM documents WHERE status = 'ok' AND date_source = 'mtime'",
  )
  return row?.n ?? 0
}
