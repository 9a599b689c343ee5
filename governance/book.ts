import { refreshCustomerAliases } from '../ingest/aliases.ts'
import { loadCustomerNames, pseudonymSecret } from '../storage/customer-aliases.ts'
import type { Queryable } from '../storage/db.ts'
import { createPseudonymiser, type NameBook, type Pseudonymiser } from './pseudonymise.ts'
import { needsPseudonyms, type Viewer } from './viewer.ts'

/**
 * Read every customer's names and the store's pseudonym secret (created on first use). A store
 * ingested before migration 017 has no variants yet: they are built here once.
 */
export async function loadNameBook(db: Queryable): Promise<NameBook> {
  const secret = await pseudonymSecret(db)
  let customers = await loadCustomerNames(db)
  if (customers.length > 0 && customers.every((c) => c.aliases.length === 0)) {
    await refreshCustomerAliases(db)
    customers = await loadCustomerNames(db)
  }
  return { secret, customers }
}

/** The pseudonymiser for `viewer`, reading the store only when the viewer needs pseudonyms. */
export async function pseudonymiserFor(db: Queryable, viewer: Viewer): Promise<Pseudonymiser> {
  const book = needsPseudonyms(viewer) ? await loadNameBook(db) : { secret: '', customers: [] }
  return createPseudonymiser(book, viewer)
}

/**
 * `pseudonymise(viewer, value)`: `value` (text or any JSON-like object) with every other
 * customer's names replaced as {@link createPseudonymiser} does; unchanged for unscoped viewers.
 * @example const safe = await pseudonymise(db, viewer, brief)
 */
export async function pseudonymise<T>(db: Queryable, viewer: Viewer, value: T): Promise<T> {
  return (await pseudonymiserFor(db, viewer)).value(value)
}
