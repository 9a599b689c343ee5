-- 009: insights — a `spike` trend, and stable pattern ids that outlive their first members.
--
-- `spike` marks a burst: several documents at several customers within about two weeks with
-- little before (the rule lives in insights/trend.ts). It is its own label rather than "new" or
-- "rising" because a digest reader acts on it differently (check every customer now).
ALTER TABLE patterns DROP CONSTRAINT IF EXISTS patterns_trend_check;
ALTER TABLE patterns ADD CONSTRAINT patterns_trend_check
  CHECK (trend IN ('spike', 'new', 'rising', 'steady', 'fading'));
