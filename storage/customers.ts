import type { Queryable } from './db.ts'

/** Frontmatter keys that state a customer explicitly (`customer` and the aliases the parser reads). */
const CUSTOMER_KEYS = ['customer', 'client', 'account', 'company', 'org', 'organisation', 'organization']

/**
 * Give documents whose customer was inferred from their folder the name the other documents of
 * that folder state explicitly in frontmatter (the most common one), so `customers/cobalt-mutual/`
 * files without frontmatter count as "Cobalt Mutual Insurance", not as a second customer.
 * Uploads are left alone. Returns the number of documents renamed.
 */
export async function reconcileCustomers(db: Queryable): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `WITH keyed AS (
       SELECT id, customer, frontmatter ?| $1::text[] AS explicit,
              substring(lower(source_path) FROM '^(?:customers?/)?([^/]+)/') AS folder
       FROM documents
       WHERE status = 'ok' AND NOT starts_with(source_key, 'upload:')
     ),
     canon AS (
       SELECT DISTINCT ON (folder) folder, customer
       FROM keyed WHERE explicit AND folder IS NOT NULL
       GROUP BY folder, customer
       ORDER BY folder, count(*) DESC, customer
     )
     UPDATE documents d SET customer = canon.customer, updated_at = now()
     FROM keyed JOIN canon ON canon.folder = keyed.folder
     WHERE d.id = keyed.id AND NOT keyed.explicit AND d.customer <> canon.customer
     RETURNING d.id`,
    [CUSTOMER_KEYS],
  )
  return rows.length
}
