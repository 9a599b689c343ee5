import type { Queryable } from '../storage/db.ts'

/** Facet counts: documents per customer and per type among the given documents. */
export async function facetCounts(
  db: Queryable,
  documentIds: number[],
): Promise<{ customers: { value: string; count: number }[]; types: { value: string; count: number }[] }> {
  if (documentIds.length === 0) return { customers: [], types: [] }
  const rows = await db.query<{ facet: string; value: string; count: number }>(
    `SELECT 'customer' AS facet, customer AS value, count(*)::int AS count FROM documents
       WHERE id = ANY($1::bigint[]) GROUP BY customer
     UNION ALL
     SELECT 'type', type, count(*)::int FROM documents WHERE id = ANY($1::bigint[]) GROUP BY type
     ORDER BY count DESC, value`,
    [documentIds],
  )
  const pick = (facet: string) =>
    rows.filter((r) => r.facet === facet).map(({ value, count }) => ({ value, count }))
  return { customers: pick('customer'), types: pick('type') }
}
