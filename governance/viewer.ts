import type { Role } from '../config/schema.ts'
import { type Others, type TokenScope, UNSCOPED } from '../schemas/governance.ts'

/**
 * Who is reading, as governance sees it: the stored token (if any), its role, the customers it reads
 * in full (`'all'`: every one) and what the other customers look like.
 */
export interface Viewer {
  tokenId?: number
  role: Role
  customers: readonly string[] | 'all'
  others: Others
}

/** The viewer of a request authenticated with `role` and a token `scope` (none: unscoped). */
export function viewerFrom(auth: { role: Role; tokenId?: number; scope?: TokenScope }): Viewer {
  const scope = auth.scope ?? UNSCOPED
  return {
    ...(auth.tokenId === undefined ? {} : { tokenId: auth.tokenId }),
    role: auth.role,
    customers: scope.customers === null ? 'all' : scope.customers.map((c) => c.toLowerCase()),
    others: scope.others,
  }
}

/** The query-level scope of a viewer for storage/search/insights (undefined: no restriction). */
export function scopeOf(viewer: Viewer | undefined): TokenScope | undefined {
  if (!viewer || viewer.customers === 'all') return undefined
  return { customers: [...viewer.customers], others: viewer.others }
}

/** Whether other customers must be shown under pseudonyms to this viewer. */
export function needsPseudonyms(viewer: Viewer | undefined): boolean {
  return viewer !== undefined && viewer.customers !== 'all' && viewer.others !== 'full'
}

/** Whether the viewer reads `customer` in full (by name, confidential documents included). */
export function readsInFull(viewer: Viewer | undefined, customer: string | null): boolean {
  if (!viewer || viewer.customers === 'all') return true
  return customer !== null && viewer.customers.includes(customer.toLowerCase())
}

/** A viewer that sees no customer by name at all (external digests and exports). */
export const EXTERNAL_VIEWER: Viewer = { role: 'reader', customers: [], others: 'pseudonymous' }
