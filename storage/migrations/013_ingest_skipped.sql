-- 013: the files the last ingest run did not ingest, with the reason for each ("unsupported type
-- .xlsx", "empty file"), so `fieldkb status` can list them after the run's output is gone.
-- A JSON array of {"path", "reason"}; written when the run finishes.

ALTER TABLE ingest_runs ADD COLUMN skipped jsonb NOT NULL DEFAULT '[]'::jsonb;
