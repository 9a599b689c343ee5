import type { Queryable } from './db.ts'

/** Kinds of customer name variants (migration 017). */
export type AliasKind = 'name' | 'slug' | 'short' | 'frontmatter' | 'domain' | 'author'

/** One spelling under which a customer appears. */
export interface CustomerAlias {
  alias: string
  kind: AliasKind
}

/** A customer as governance needs it: its key (lower-case name), names, settings and variants. */
export interface CustomerNames {
  key: string
  display: string
  industry: string | null
  confidential: boolean
  aliases: CustomerAlias[]
}

/** What the alias builder reads of one customer: its display name and evidence from its documents. */
export interface CustomerEvidence {
  key: string
  display: string
  frontmatterAliases: string[]
  authors: string[]
  folders: string[]
  texts: string[]
}

/** Per customer: display name, frontmatter aliases, authors, ingest folders and its documents' text. */
export async function customerEvidence(db: Queryable): Promise<CustomerEvidence[]> {
  const rows = await db.query<{
    key: string
    display: string
    aliases: unknown[] | null
    authors: string[] | null
    folders: string[] | null
    texts: string[] | null
  }>(
    `SELECT lower(d.customer) AS key, mode() WITHIN GROUP (ORDER BY d.customer) AS display,
       jsonb_agg(d.frontmatter->'aliases') FILTER (WHERE jsonb_typeof(d.frontmatter->'aliases') = 'array') AS aliases,
       array_agg(DISTINCT d.author) FILTER (WHERE d.author IS NOT NULL) AS authors,
       array_agg(DISTINCT substring(lower(d.source_path) FROM '^(?:customers?/)?([^/]+)/'))
         FILTER (WHERE NOT starts_with(d.source_key, 'upload:')
                   AND substring(lower(d.source_path) FROM '^(?:customers?/)?([^/]+)/') IS NOT NULL) AS folders,
       array_agg(concat_ws(E'\\n', d.title, d.body)) AS texts
     FROM documents d WHERE d.status = 'ok' AND d.customer IS NOT NULL
     GROUP BY lower(d.customer) ORDER BY 1`,
  )
  return rows.map((r) => ({
    key: r.key,
    display: r.display,
    frontmatterAliases: (r.aliases ?? []).flat().filter((a): a is string => typeof a === 'string'),
    authors: r.authors ?? [],
    folders: r.folders ?? [],
    texts: r.texts ?? [],
  }))
}

/** Replace every customer's stored variants with `byCustomer` in one statement set (a transaction's worth). */
export async function replaceCustomerAliases(
  db: Queryable,
  byCustomer: { key: string; aliases: CustomerAlias[] }[],
): Promise<number> {
  const keys: string[] = []
  const aliases: string[] = []
  const kinds: string[] = []
  for (const c of byCustomer) {
    for (const a of c.aliases) {
      keys.push(c.key)
      aliases.push(a.alias)
      kinds.push(a.kind)
    }
  }
  await db.query('DELETE FROM customer_aliases')
  if (keys.length === 0) return 0
  await db.query(
    `INSERT INTO customer_aliases (customer_key, alias, kind)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [keys, aliases, kinds],
  )
  return keys.length
}

/** Every customer with its settings and stored variants, by key. */
export async function loadCustomerNames(db: Queryable): Promise<CustomerNames[]> {
  const rows = await db.query<{
    key: string
    display: string
    industry: string | null
    confidential: boolean | null
    aliases: CustomerAlias[] | null
  }>(
    `WITH customers AS (
       SELECT lower(customer) AS key, mode() WITHIN GROUP (ORDER BY customer) AS display
       FROM documents WHERE status = 'ok' AND customer IS NOT NULL GROUP BY lower(customer)
     )
     SELECT c.key, c.display, s.industry, s.confidential,
       (SELECT jsonb_agg(jsonb_build_object('alias', a.alias, 'kind', a.kind) ORDER BY a.alias)
        FROM customer_aliases a WHERE a.customer_key = c.key) AS aliases
     FROM customers c LEFT JOIN customer_settings s ON s.customer_key = c.key ORDER BY c.key`,
  )
  return rows.map((r) => ({
    key: r.key,
    display: r.display,
    industry: r.industry,
    confidential: r.confidential === true,
    aliases: r.aliases ?? [],
  }))
}

/** Set a customer's governance settings (fields left undefined keep their value). */
export async function setCustomerSettings(
  db: Queryable,
  customer: string,
  settings: { confidential?: boolean; industry?: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO customer_settings (customer_key, confidential, industry)
     VALUES (lower($1), coalesce($2::boolean, false), $3::text)
     ON CONFLICT (customer_key) DO UPDATE SET
       confidential = coalesce($2::boolean, customer_settings.confidential),
       industry = CASE WHEN $4::boolean THEN $3::text ELSE customer_settings.industry END,
       updated_at = now()`,
    [customer, settings.confidential ?? null, settings.industry ?? null, settings.industry !== undefined],
  )
}

/**
 * The per-store secret keying pseudonyms: created once (random), so pseudonyms are stable across
 * requests, refreshes and restarts, and cannot be recomputed from a customer name without the store.
 */
export async function pseudonymSecret(db: Queryable): Promise<string> {
  await db.query(
    `INSERT INTO store_meta (key, value) VALUES ('pseudonym_secret', to_jsonb(md5(random()::text || clock_timestamp()::text) || md5(random()::text)))
     ON CONFLICT (key) DO NOTHING`,
  )
  const rows = await db.query<{ value: string }>(
    `SELECT value FROM store_meta WHERE key = 'pseudonym_secret'`,
  )
  return rows[0]!.value
}
