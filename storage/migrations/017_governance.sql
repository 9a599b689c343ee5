-- 017: governance — per-token customer scopes, customer name variants, confidential customers,
-- and an audit trail of reads outside a token's scope.

-- NULL customers = every customer in full (the behaviour before 017). Otherwise the listed
-- customers (lower-case names) are readable in full, and `others` says what the rest look like.
ALTER TABLE api_tokens ADD COLUMN customers text[];
ALTER TABLE api_tokens ADD COLUMN others text NOT NULL DEFAULT 'full'
  CHECK (others IN ('full', 'pseudonymous', 'none'));

-- Every spelling under which a customer may appear in text: display name, slug, short forms found
-- in its documents, frontmatter aliases, e-mail/web domains, and its FDE authors. Rebuilt after
-- every ingest; rendering for a scoped viewer replaces them with the customer's pseudonym.
CREATE TABLE customer_aliases (
  customer_key text NOT NULL,
  alias        text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('name', 'slug', 'short', 'frontmatter', 'domain', 'author')),
  PRIMARY KEY (customer_key, alias)
);

-- Per-customer governance settings: `confidential` keeps all of its documents out of every other
-- customer's view; `industry` words the pseudonym ("a European airline").
CREATE TABLE customer_settings (
  customer_key text PRIMARY KEY,
  confidential boolean NOT NULL DEFAULT false,
  industry     text,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Who read which document of a customer outside their scope, and when. Kept when the token is
-- revoked (the token's name is copied so the trail stays readable).
CREATE TABLE audit_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  token_id     bigint,
  token_name   text,
  via          text NOT NULL,
  customer     text NOT NULL,
  document_id  bigint NOT NULL,
  action       text NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC);
