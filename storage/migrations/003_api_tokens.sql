-- 003: API tokens created with `fieldkb token create` or POST /api/tokens.

-- Only a SHA-256 hash of each token is stored, never the token itself: a leaked database or backup
-- does not leak working credentials, and the plaintext is shown exactly once, at creation.
-- Tokens are 32 random bytes, so a plain (unsalted, fast) hash is enough: there is no dictionary
-- to attack, unlike passwords.
CREATE TABLE api_tokens (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- A label for people ("ci-bot", "alice laptop"); not secret, not unique.
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
  -- Lowercase hex SHA-256 of the full token; unique so a lookup finds exactly one row.
  token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  -- Updated at most about once a minute per token, so reads do not turn into a write per request.
  last_used_at  timestamptz,
  -- Revoked tokens are kept (not deleted) so `token list` still shows who had access and when.
  revoked_at    timestamptz
);

