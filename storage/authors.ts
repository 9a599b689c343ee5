import type { Queryable } from './db.ts'

/**
 * Expand first-name authors taken from signatures (`Camila`, warning `author-first-name`) to the
 * full name other documents give: the only author of the same customer whose name starts with that
 * first name, else the only one in the whole store. Ambiguous or unknown names stay as written.
 * Returns the number of documents updated.
 */
export async function reconcileAuthors(db: Queryable): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `WITH signed AS (
       SELECT id, customer, author FROM documents
       WHERE status = 'ok' AND author IS NOT NULL AND position(' ' IN author) = 0
         AND warnings @> '[{"code": "author-first-name"}]'::jsonb
     ),
     named AS (
       SELECT DISTINCT customer, author FROM documents
       WHERE status = 'ok' AND author LIKE '% %'
     ),
     matches AS (
       SELECT s.id,
              (array_agg(DISTINCT n.author) FILTER (WHERE n.customer = s.customer)) AS same,
              array_agg(DISTINCT n.author) AS anywhere
       FROM signed s JOIN named n ON starts_with(lower(n.author), lower(s.author) || ' ')
       GROUP BY s.id
     ),
     chosen AS (
       SELECT id, CASE WHEN cardinality(same) = 1 THEN same[1]
                       WHEN same IS NULL AND cardinality(anywhere) = 1 THEN anywhere[1] END AS author
       FROM matches
     )
     UPDATE documents d SET author = chosen.author, updated_at = now()
     FROM chosen WHERE d.id = chosen.id AND chosen.author IS NOT NULL
     RETURNING d.id`,
  )
  return rows.length
}
