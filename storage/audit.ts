import type { AuditEntry } from '../schemas/governance.ts'
import type { Queryable } from './db.ts'

/** One read to record: who (token), how (api/web), which customer's document, what was done. */
export interface AuditRead {
  tokenId?: number
  via: string
  customer: string
  documentId: number
  action: string
}

/** Record a read of a customer's document by a token outside that customer's scope. */
export async function recordAudit(db: Queryable, read: AuditRead): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (token_id, token_name, via, customer, document_id, action)
     VALUES ($1::bigint, (SELECT name FROM api_tokens WHERE id = $1::bigint), $2, $3, $4, $5)`,
    [read.tokenId ?? null, read.via, read.customer, read.documentId, read.action],
  )
}

/** The most recent audit entries first. */
export async function listAudit(db: Queryable, limit = 100): Promise<AuditEntry[]> {
  const rows = await db.query<Omit<AuditEntry, 'at'> & { at: Date }>(
    `SELECT id, at, token_id AS "tokenId", token_name AS "tokenName", via, customer,
       document_id AS "documentId", action
     FROM audit_log ORDER BY at DESC, id DESC LIMIT $1`,
    [limit],
  )
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    tokenId: r.tokenId === null ? null : Number(r.tokenId),
    documentId: Number(r.documentId),
    at: new Date(r.at).toISOString(),
  }))
}
