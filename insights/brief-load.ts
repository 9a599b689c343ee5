/** The chunk texts a product brief quotes: the pattern's members and its documents' fix sections. */
import type { TokenScope } from '../schemas/governance.ts'
import type { Queryable } from '../storage/db.ts'
import { scopeSql } from '../storage/scope.ts'

/** A chunk of a pattern document, as the brief quotes it (already redacted text). */
export interface BriefChunk {
  chunkId: number
  documentId: number
  title: string
  customer: string
  date: string
  headingPath: string[]
  text: string
  sectionKind: string
  /** The chunk is a member of the pattern (else: a fix or workaround section of a member document). */
  member: boolean
  similarity: number
}

/**
 * Member chunks of pattern `id`, and the `fix`/`workaround` chunks of its member documents.
 * @example const chunks = await briefChunks(db, pattern.id)
 */
export async function briefChunks(db: Queryable, id: string, scope?: TokenScope): Promise<BriefChunk[]> {
  // Evidence comes only from documents the viewer may read (the pattern still counts the rest).
  const scoped = scopeSql(scope, 2)
  const rows = await db.query<BriefChunk>(
    `SELECT c.id AS "chunkId", d.id AS "documentId", coalesce(d.title, d.source_path) AS title, d.customer,
            d.date::text AS date, c.heading_path AS "headingPath", c.text, c.section_kind AS "sectionKind",
            (m.chunk_id IS NOT NULL) AS member, coalesce(m.similarity, 0)::float8 AS similarity
     FROM chunks c JOIN documents d ON d.id = c.document_id
     LEFT JOIN pattern_members m ON m.pattern_id = $1 AND m.chunk_id = c.id
     WHERE c.document_id IN (SELECT document_id FROM pattern_members WHERE pattern_id = $1)
       AND (m.chunk_id IS NOT NULL OR c.section_kind IN ('fix', 'workaround'))
       AND ${scoped.sql}
     ORDER BY d.date, d.id, c.ordinal`,
    [id, ...scoped.params],
  )
  return rows.map((r) => ({ ...r, chunkId: Number(r.chunkId), documentId: Number(r.documentId) }))
}
