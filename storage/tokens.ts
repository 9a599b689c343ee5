import { randomBytes } from 'node:crypto'
import type { Role } from '../config/schema.ts'
import { sha256 } from '../lib/hash.ts'
import type { Others, TokenScope } from '../schemas/governance.ts'
import type { Queryable } from './db.ts'

/** Prefix of generated tokens: makes them recognisable to people and secret scanners. */
export const TOKEN_PREFIX = 'fkb_'

/** A stored API token as listed: never includes the token or its hash. */
export interface TokenInfo {
  id: number
  name: string
  role: Role
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
  /** Customers readable in full (lower-case), or null for every customer. */
  customers: string[] | null
  /** How the other customers look to this token. */
  others: Others
}

/** A freshly created token: the only time the plaintext `token` is available. */
export interface CreatedToken extends TokenInfo {
  token: string
}

interface TokenRow {
  id: number
  name: string
  role: Role
  created_at: Date
  last_used_at: Date | null
  revoked_at: Date | null
  customers: string[] | null
  others: Others
}

const COLUMNS = 'id, name, role, created_at, last_used_at, revoked_at, customers, others'

/**
 * The lookup key of a token: lowercase hex SHA-256.
 * @example hashToken('fkb_abc') // → 64 hex characters
 */
export function hashToken(token: string): string {
  return sha256(token)
}

/** A new random token: `fkb_` + 32 random bytes in base64url (256 bits of entropy). */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
}

/**
 * Create a token with `role` and store only its hash. Returns the plaintext once; it cannot be
 * recovered later.
 * @example const { token } = await createToken(db, { role: 'reader', name: 'ci' })
 */
export async function createToken(
  db: Queryable,
  input: { role: Role; name?: string; scope?: TokenScope },
): Promise<CreatedToken> {
  const token = generateToken()
  const customers = input.scope?.customers?.map((c) => c.trim().toLowerCase()) ?? null
  const rows = await db.query<TokenRow>(
    `INSERT INTO api_tokens (name, role, token_hash, customers, others) VALUES ($1, $2, $3, $4::text[], $5)
     RETURNING ${COLUMNS}`,
    [
      input.name ?? `${input.role} token`,
      input.role,
      hashToken(token),
      customers,
      input.scope?.others ?? 'full',
    ],
  )
  return { ...toInfo(rows[0]!), token }
}

/**
 * The id, role and scope of an active (not revoked) token, or null. Records the use, at most once a
 * minute per token so authenticated reads do not each cost a write.
 */
export async function findTokenRole(
  db: Queryable,
  token: string,
): Promise<{ id: number; role: Role; scope: TokenScope } | null> {
  const rows = await db.query<{
    id: number
    role: Role
    stale: boolean
    customers: string[] | null
    others: Others
  }>(
    `SELECT id, role, customers, others, (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
     FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
    [hashToken(token)],
  )
  const row = rows[0]
  if (!row) return null
  if (row.stale) await db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [row.id])
  return { id: row.id, role: row.role, scope: { customers: row.customers, others: row.others } }
}

/** Whether any token that can still authenticate exists in the store. */
export async function hasActiveTokens(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ any: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM api_tokens WHERE revoked_at IS NULL) AS any',
  )
  return rows[0]?.any === true
}

/** Every stored token (active and revoked), oldest first. */
export async function listTokens(db: Queryable): Promise<TokenInfo[]> {
  const rows = await db.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY id`)
  return rows.map(toInfo)
}

/**
 * Revoke a token so it no longer authenticates. Returns false when no token has this id; revoking
 * an already revoked token keeps its original revocation time and returns true.
 */
export async function revokeToken(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query(
    'UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id',
    [id],
  )
  return rows.length > 0
}

function toInfo(r: TokenRow): TokenInfo {
  const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString())
  return {
    id: Number(r.id),
    name: r.name,
    role: r.role,
    createdAt: new Date(r.created_at).toISOString(),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
    customers: r.customers,
    others: r.others,
  }
}

/** Whether the stored token `id` exists and is not revoked (a web session's token may be revoked). */
export async function isTokenActive(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query<{ ok: boolean }>(
    'SELECT (revoked_at IS NULL) AS ok FROM api_tokens WHERE id = $1',
    [id],
  )
  return rows[0]?.ok === true
}
