/** Named queries behind API and web uploads: which document an upload updates, which names are free. */
import type { Queryable } from './db.ts'

/** The document an earlier upload with this source key created, if any. */
export interface UploadedDocument {
  id: number
  contentHash: string | null
  sourcePath: string
}

/** The document stored under upload source key `sourceKey`, or undefined. */
export async function uploadedDocument(
  db: Queryable,
  sourceKey: string,
): Promise<UploadedDocument | undefined> {
  const [row] = await db.query<{ id: number; content_hash: string | null; source_path: string }>(
    'SELECT id, content_hash, source_path FROM documents WHERE source_key = $1',
    [sourceKey],
  )
  return row ? { id: Number(row.id), contentHash: row.content_hash, sourcePath: row.source_path } : undefined
}

/** Which of `paths` some document already shows as its source path. */
export async function takenSourcePaths(db: Queryable, paths: string[]): Promise<Set<string>> {
  const rows = await db.query<{ source_path: string }>(
    'SELECT DISTINCT source_path FROM documents WHERE source_path = ANY($1::text[])',
    [paths],
  )
  return new Set(rows.map((r) => r.source_path))
}
