-- 008: ingest runs — one row per `fieldkb ingest` (ingestPaths), so `fieldkb status` can tell that
-- the last run was killed or crashed part-way instead of silently showing a partial store.
--
-- A run inserts its row once the files are known, bumps files_done after each file and sets
-- finished_at at the very end. A row without finished_at whose process is gone is an interrupted
-- run; documents are committed one by one, so running the same ingest again completes it.
-- pid and hostname tell "still running" from "interrupted" without a lock (PostgreSQL has several
-- writers); rows are tiny and one per run, so nothing prunes them.

CREATE TABLE ingest_runs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  files_total integer NOT NULL CHECK (files_total >= 0),
  files_done  integer NOT NULL DEFAULT 0 CHECK (files_done >= 0),
  -- When the last file went through: for a killed run, roughly when it stopped.
  progress_at timestamptz NOT NULL DEFAULT now(),
  -- The files and folders asked for, as absolute paths, so status can print the command to rerun.
  inputs      text[] NOT NULL DEFAULT '{}',
  pid         integer NOT NULL,
  hostname    text NOT NULL
);
