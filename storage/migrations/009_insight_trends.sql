-- 009: insights — a `spike` trend, and ranked edge cases.
--
-- `spike` marks a burst: several documents at several customers within about two weeks with
-- little before (the rule lives in insights/trend.ts). It is its own label rather than "new" or
-- "rising" because a digest reader acts on it differently (check every customer now).
ALTER TABLE patterns DROP CONSTRAINT IF EXISTS patterns_trend_check;
ALTER TABLE patterns ADD CONSTRAINT patterns_trend_check
  CHECK (trend IN ('spike', 'new', 'rising', 'steady', 'fading'));

-- Edge cases are ranked (edge-case sections first, then the ones least like anything at another
-- customer) so the digest and the UI can show the few most worth reading; NULL for rows written
-- before this migration, until the next refresh replaces them.
ALTER TABLE edge_cases ADD COLUMN rank integer CHECK (rank >= 1);
