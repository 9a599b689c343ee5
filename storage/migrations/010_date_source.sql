-- 010: remember how each document's date was found.
--
-- A date read from frontmatter, HTML meta, an e-mail header, the file name or a body line is the
-- writer's; a date taken from the file modification time is whatever a copy or a git checkout left
-- behind (usually "today"). Later stages must tell them apart: the trend reference date of insights
-- ignores mtime-dated documents, and `fieldkb status` / the ingest page list them so a person can
-- add a real date. Values: 'frontmatter' | 'html-meta' | 'email-header' | 'filename' | 'path' |
-- 'body' | 'relative' | 'mtime'. NULL for failed rows that never had metadata.
ALTER TABLE documents ADD COLUMN date_source text;

-- Rows ingested before this migration: recover what the warnings of that ingest recorded, so an
-- upgraded store does not need a re-ingest to know its mtime-dated documents (the next ingest
-- rewrites every row anyway, because the pipeline version changed).
UPDATE documents SET date_source = CASE
    WHEN warnings @> '[{"code": "date-from-mtime"}]'::jsonb THEN 'mtime'
    WHEN warnings @> '[{"code": "date-from-filename"}]'::jsonb THEN 'filename'
    WHEN warnings @> '[{"code": "date-invalid"}]'::jsonb THEN 'mtime'
    ELSE 'frontmatter'
  END
WHERE status = 'ok' AND date IS NOT NULL;

-- status and the ingest page look the mtime-dated documents up; there are few of them.
CREATE INDEX documents_date_source_mtime ON documents (source_path) WHERE date_source = 'mtime';
