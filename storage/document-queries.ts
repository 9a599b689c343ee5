import type { DocumentSection, DocumentStatus, SectionKind } from '../schemas/document.ts'
import type { TokenScope } from '../schemas/governance.ts'
import type { SearchFilter } from '../schemas/search.ts'
import type { Queryable } from './db.ts'
import { filterSql } from './filters.ts'
import { scopeSql } from './scope.ts'

/** One row of a document listing. Metadata is null for files that failed before parsing. */
export interface DocumentListItem {
  id: number
  title: string | null
  customer: string | null
  type: string | null
  date: string | null
  severity: string | null
  tags: string[]
  sourcePath: string
  status: DocumentStatus
  error: string | null
  updatedAt: string
}

/** Which page of which documents to list. */
export interface ListDocumentsQuery {
  filter?: SearchFilter
  /** Only documents with this ingest status; all when absent. */
  status?: DocumentStatus
  /** 1-based. */
  page: number
  pageSize: number
  /** The caller's token scope (storage/scope.ts). */
  scope?: TokenScope
}

/** A stored chunk as shown with its document. */
export interface DocumentChunk {
  id: number
  ordinal: number
  headingPath: string[]
  text: string
  tokenCount: number
  sectionKind: SectionKind
}

/** Everything stored about one document, with its chunks in order. */
export interface DocumentDetail extends DocumentListItem {
  author: string | null
  format: string | null
  frontmatter: Record<string, unknown>
  warnings: { code: string; message: string; line?: number }[]
  redactions: Record<string, number>
  ingestedAt: string
  /** The redacted body as parsed; null for failed files and documents ingested before it was stored. */
  body: string | null
  /** The section tree in document order; empty when unknown. */
  sections: DocumentSection[]
  chunks: DocumentChunk[]
}

const LIST_COLUMNS = `d.id, d.title, d.customer, d.type, d.date, d.severity, d.tags,
  d.source_path AS "sourcePath", d.status, d.error, d.updated_at AS "updatedAt"`

/**
 * One page of documents matching the filter, newest document date first, plus the total count.
 * @example await listDocuments(db, { filter: { types: ['incident'] }, page: 1, pageSize: 20 })
 */
export async function listDocuments(
  db: Queryable,
  query: ListDocumentsQuery,
): Promise<{ items: DocumentListItem[]; total: number }> {
  const where = filterSql(query.filter ?? {}, 1, query.scope)
  const params = [...where.params]
  let sql = where.sql
  if (query.status) {
    params.push(query.status)
    sql += ` AND d.status = $${params.length}`
  }
  const [counted] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM documents d WHERE ${sql}`,
    params,
  )
  const limit = params.length + 1
  const rows = await db.query<DocumentListItem>(
    `SELECT ${LIST_COLUMNS} FROM documents d WHERE ${sql}
     ORDER BY d.date DESC NULLS LAST, d.id DESC LIMIT $${limit} OFFSET $${limit + 1}`,
    [...params, query.pageSize, (query.page - 1) * query.pageSize],
  )
  return { items: rows.map(normalise), total: counted?.n ?? 0 }
}

/**
 * A document with its metadata, frontmatter, warnings, redaction counts, body, section tree and
 * chunks, or null — also when it is outside `scope`, so such a document answers 404 like a missing one.
 */
export async function getDocument(
  db: Queryable,
  id: number,
  scope?: TokenScope,
): Promise<DocumentDetail | null> {
  const scoped = scopeSql(scope, 2)
  const [row] = await db.query<
    Omit<DocumentDetail, 'chunks' | 'sections'> & { sections: DocumentSection[] | null }
  >(
    `SELECT ${LIST_COLUMNS}, d.author, d.format, d.frontmatter, d.warnings, d.redactions,
       d.ingested_at AS "ingestedAt", d.body, d.sections
     FROM documents d WHERE d.id = $1 AND ${scoped.sql}`,
    [id, ...scoped.params],
  )
  if (!row) return null
  const chunks = await db.query<DocumentChunk>(
    `SELECT id, ordinal, heading_path AS "headingPath", text, token_count AS "tokenCount",
       section_kind AS "sectionKind"
     FROM chunks WHERE document_id = $1 ORDER BY ordinal`,
    [id],
  )
  return {
    ...normalise(row),
    author: row.author,
    format: row.format,
    frontmatter: row.frontmatter,
    warnings: row.warnings,
    redactions: row.redactions,
    ingestedAt: new Date(row.ingestedAt).toISOString(),
    body: row.body,
    sections: row.sections ?? [],
    chunks: chunks.map((c) => ({ ...c, id: Number(c.id) })),
  }
}

function normalise<T extends DocumentListItem>(row: T): T {
  return { ...row, id: Number(row.id), updatedAt: new Date(row.updatedAt).toISOString() }
}

/** The document an attachment came with (its frontmatter `parent`, within the same container), or null. */
export async function parentDocument(
  db: Queryable,
  id: number,
): Promise<{ id: number; title: string | null; sourcePath: string } | null> {
  const [row] = await db.query<{ id: number; title: string | null; source_path: string }>(
    `SELECT p.id, p.title, p.source_path FROM documents c
     JOIN documents p ON p.source_path = c.frontmatter->>'parent' AND starts_with(c.source_key, p.source_key || '#')
     WHERE c.id = $1`,
    [id],
  )
  return row ? { id: Number(row.id), title: row.title, sourcePath: row.source_path } : null
}
