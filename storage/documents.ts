import type {
  Chunk,
  DateSource,
  DocumentMeta,
  DocumentSection,
  SectionKind,
  SourceFormat,
  Warning,
} from '../schemas/document.ts'
import type { Db, Queryable } from './db.ts'
import { toVectorParam } from './vector-sql.ts'

/** Everything stored about one successfully parsed document, apart from its chunks. */
export interface DocumentRecord {
  sourceKey: string
  sourcePath: string
  meta: DocumentMeta
  /** How the date was found (`documents.date_source`); `mtime` marks a guess. Unknown when absent. */
  dateSource?: DateSource
  format: SourceFormat
  contentHash: string
  frontmatter: Record<string, unknown>
  warnings: Warning[]
  redactions: Record<string, number>
  /** The redacted body as parsed, stored so nothing has to rebuild it from overlapping chunks. */
  body?: string | null
  sections?: DocumentSection[] | null
}

/** A chunk ready to store: its text plus its embedding (kind `other` when not classified). */
export interface StoredChunkInput extends Omit<Chunk, 'sectionKind'> {
  sectionKind?: SectionKind
  embedding: ArrayLike<number>
}

/** Row counts per statement stay far below PostgreSQL's 65,535 bind-parameter limit. */
const ROWS_PER_INSERT = 500
const CHUNK_COLUMNS = 8

// Title weighs A, headings B, body D: websearch/ts_rank and the BM25 scorer read the weights.
const TSV_SQL = (p: (n: number) => string) =>
  `setweight(to_tsvector('english', ${p(5)}), 'A') || setweight(to_tsvector('english', array_to_string(${p(2)}::text[], ' ')), 'B') || setweight(to_tsvector('english', ${p(3)}), 'D')`

/**
 * Insert or replace a document and all its chunks in ONE transaction: either the new version is
 * fully visible or the old one is untouched. Returns the stable document id.
 */
export async function writeDocument(
  db: Db,
  doc: DocumentRecord,
  chunks: StoredChunkInput[],
): Promise<{ id: number; action: 'added' | 'updated' }> {
  return db.transaction(async (tx) => {
    const m = doc.meta
    const values = [
      doc.sourceKey,
      doc.sourcePath,
      m.title,
      m.customer,
      m.type,
      m.date,
      m.tags,
      m.severity,
      m.author,
      doc.format,
      doc.contentHash,
      JSON.stringify(doc.frontmatter),
      JSON.stringify(doc.warnings),
      JSON.stringify(doc.redactions),
      doc.dateSource ?? null,
      doc.body ?? null,
      doc.sections ? JSON.stringify(doc.sections) : null,
    ]
    const rows = await tx.query<{ id: number; inserted: boolean }>(
      `INSERT INTO documents (source_key, source_path, title, customer, type, date, tags, severity, author,
         format, content_hash, frontmatter, warnings, redactions, date_source, body, sections, status, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'ok', NULL)
       ON CONFLICT (source_key) DO UPDATE SET
         source_path = EXCLUDED.source_path, title = EXCLUDED.title, customer = EXCLUDED.customer,
         type = EXCLUDED.type, date = EXCLUDED.date, tags = EXCLUDED.tags, severity = EXCLUDED.severity,
         author = EXCLUDED.author, format = EXCLUDED.format, content_hash = EXCLUDED.content_hash,
         frontmatter = EXCLUDED.frontmatter, warnings = EXCLUDED.warnings, redactions = EXCLUDED.redactions,
         date_source = EXCLUDED.date_source, body = EXCLUDED.body, sections = EXCLUDED.sections,
         status = 'ok', error = NULL, updated_at = now()
       RETURNING id, (xmax = 0) AS inserted`,
      values,
    )
    const row = rows[0]!
    if (!row.inserted) await tx.query('DELETE FROM chunks WHERE document_id = $1', [row.id])
    await insertChunks(tx, row.id, m.title, chunks)
    return { id: row.id, action: row.inserted ? 'added' : 'updated' }
  })
}

async function insertChunks(tx: Queryable, documentId: number, title: string, chunks: StoredChunkInput[]) {
  for (let start = 0; start < chunks.length; start += ROWS_PER_INSERT) {
    const batch = chunks.slice(start, start + ROWS_PER_INSERT)
    const params: unknown[] = []
    const tuples = batch.map((c, i) => {
      const p = (n: number) => `$${i * CHUNK_COLUMNS + n}`
      params.push(
        documentId,
        c.headingPath,
        c.text,
        c.tokenCount,
        title,
        c.ordinal,
        toVectorParam(c.embedding),
        c.sectionKind ?? 'other',
      )
      return `(${p(1)}::bigint, ${p(6)}::int, ${p(2)}::text[], ${p(3)}::text, ${p(4)}::int, ${TSV_SQL(p)}, ${p(7)}::vector, ${p(8)}::text)`
    })
    await tx.query(
      `INSERT INTO chunks (document_id, ordinal, heading_path, text, token_count, tsv, embedding, section_kind)
       VALUES ${tuples.join(', ')}`,
      params,
    )
  }
}

/** What a failed file leaves behind: enough to list it with its error and retry it next run. */
export interface FailureRecord {
  sourceKey: string
  sourcePath: string
  error: string
}

/**
 * Record that a file failed. A new file gets a `failed` row without metadata; a document that was
 * ingested before keeps its last good version (still searchable) but is marked failed. The content
 * hash is cleared so the next run retries it.
 */
export async function recordFailure(db: Queryable, f: FailureRecord): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO documents (source_key, source_path, status, error, content_hash)
     VALUES ($1, $2, 'failed', $3, NULL)
     ON CONFLICT (source_key) DO UPDATE SET
       status = 'failed', error = EXCLUDED.error, content_hash = NULL, updated_at = now()
     RETURNING id`,
    [f.sourceKey, f.sourcePath, f.error],
  )
  return rows[0]!.id
}

/** Delete a document and (by cascade) its chunks. Returns whether it existed. */
export async function deleteDocument(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query('DELETE FROM documents WHERE id = $1 RETURNING id', [id])
  return rows.length > 0
}

/** The stored state of a source: used to skip unchanged files. */
export interface SourceState {
  id: number
  sourceKey: string
  contentHash: string | null
  status: 'ok' | 'failed'
}

/** Stored state of every document whose source key starts with `prefix` (one ingest root). */
export async function listSources(db: Queryable, prefix: string): Promise<SourceState[]> {
  return db.query<SourceState>(
    `SELECT id, source_key AS "sourceKey", content_hash AS "contentHash", status
     FROM documents WHERE starts_with(source_key, $1) ORDER BY source_key`,
    [prefix],
  )
}
