import type { TokenScope } from '../schemas/governance.ts'
import type { SqlFragment } from './filters.ts'

/**
 * SQL truth of "document `d` is confidential": frontmatter `confidential: true` or its customer is
 * marked confidential in `customer_settings`.
 */
export const CONFIDENTIAL_SQL = `(lower(coalesce(d.frontmatter->>'confidential', '')) IN ('true', 'yes', '1')
  OR EXISTS (SELECT 1 FROM customer_settings cs WHERE cs.customer_key = lower(d.customer) AND cs.confidential))`

/**
 * The WHERE condition over `documents d` that keeps only documents a scope may fetch: its own
 * customers always; other customers' documents unless `others` is `none` or they are confidential.
 * Unscoped (customers null): `TRUE`. Parameters are numbered from `firstParam`.
 * @example scopeSql({ customers: ['kestrel freight'], others: 'none' }, 4) // lower(d.customer) = ANY($4::text[])
 */
export function scopeSql(scope: TokenScope | undefined, firstParam: number): SqlFragment {
  if (!scope || scope.customers === null) return { sql: 'TRUE', params: [] }
  const own = `lower(d.customer) = ANY($${firstParam}::text[])`
  const params = [scope.customers.map((c) => c.toLowerCase())]
  if (scope.others === 'none') return { sql: own, params }
  return { sql: `(${own} OR NOT ${CONFIDENTIAL_SQL})`, params }
}

/** Whether a scope reads `customer` in full (by name, confidential documents included). */
export function inScope(scope: TokenScope | undefined, customer: string | null): boolean {
  if (!scope || scope.customers === null) return true
  if (customer === null) return false
  return scope.customers.some((c) => c.toLowerCase() === customer.toLowerCase())
}
