import type { TokenScope } from '../schemas/governance.ts'
import type { SearchFilter } from '../schemas/search.ts'
import { inScope, scopeSql } from './scope.ts'

/** A WHERE fragment over `documents d` and the parameters it binds. */
export interface SqlFragment {
  sql: string
  params: unknown[]
}

/**
 * Build the WHERE conditions for a filter over the alias `d` (documents), numbering parameters
 * from `firstParam`. Every value is a bind parameter; an empty filter yields `TRUE`. A token
 * `scope` adds the governance condition (storage/scope.ts), so out-of-scope documents are never fetched.
 * @example filterSql({ types: ['incident'] }, 3) // { sql: "d.type = ANY($3::text[])", params: [['incident']] }
 */
export function filterSql(filter: SearchFilter, firstParam: number, scope?: TokenScope): SqlFragment {
  const conditions: string[] = []
  const params: unknown[] = []
  const bind = (value: unknown) => {
    params.push(value)
    return `$${firstParam + params.length - 1}`
  }
  // An explicitly empty list matches nothing rather than being ignored.
  if (filter.customers) {
    // A pseudonymous viewer filtering by another customer's real name would learn which pseudonym
    // is which: such names match nothing.
    const named =
      scope?.others === 'pseudonymous' ? filter.customers.filter((c) => inScope(scope, c)) : filter.customers
    conditions.push(`lower(d.customer) = ANY(${bind(named.map((c) => c.toLowerCase()))}::text[])`)
  }
  if (filter.types) conditions.push(`d.type = ANY(${bind(filter.types)}::text[])`)
  if (filter.severities) conditions.push(`d.severity = ANY(${bind(filter.severities)}::text[])`)
  if (filter.tags && filter.tags.length > 0) conditions.push(`d.tags @> ${bind(filter.tags)}::text[]`)
  if (filter.from) conditions.push(`d.date >= ${bind(filter.from)}::date`)
  if (filter.to) conditions.push(`d.date <= ${bind(filter.to)}::date`)
  if (filter.documentIds) conditions.push(`d.id = ANY(${bind(filter.documentIds)}::bigint[])`)
  const scoped = scopeSql(scope, firstParam + params.length)
  if (scoped.params.length > 0) {
    conditions.push(scoped.sql)
    params.push(...scoped.params)
  }
  return { sql: conditions.length > 0 ? conditions.join(' AND ') : 'TRUE', params }
}
