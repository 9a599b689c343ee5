import { z } from 'zod'

/** What a scoped token sees of customers outside its list: pseudonyms, nothing, or everything by name. */
export const Others = z.enum(['full', 'pseudonymous', 'none'])
export type Others = z.infer<typeof Others>

/**
 * The customers a token reads in full (`null`: every customer) and how it sees the others.
 * Customer names are compared case-insensitively.
 */
export const TokenScope = z.object({
  customers: z.array(z.string().min(1).max(200)).max(100).nullable(),
  others: Others,
})
export type TokenScope = z.infer<typeof TokenScope>

/** The scope of tokens made before scopes existed, static tokens and open mode: everything. */
export const UNSCOPED: TokenScope = { customers: null, others: 'full' }

/** One recorded read of a customer's document by a token outside that customer's scope. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  tokenId: z.number().int().nullable(),
  tokenName: z.string().nullable(),
  via: z.string(),
  customer: z.string(),
  documentId: z.number().int(),
  action: z.string(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

/** Query of `GET /api/audit`. */
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})

/** Body of `GET /api/audit`. */
export const AuditList = z.object({ items: z.array(AuditEntry) })
