-- 007: the document known once, at ingest — its redacted body, its section tree and a section
-- kind on every chunk.
--
-- Insights, the digest and the document page used to re-derive these facts, each with its own list
-- of heading words, and the page rebuilt the text from overlapping chunks. The classifier
-- (ingest/sections.ts) now runs once per document and its results are stored here.

-- What the chunk is about (problem, root cause, fix, status, …). The default keeps rows written
-- before this migration valid until the next re-ingest classifies them; the CHECK mirrors the
-- SectionKind enum of schemas/document.ts.
ALTER TABLE chunks ADD COLUMN section_kind text NOT NULL DEFAULT 'other'
  CHECK (section_kind IN ('problem', 'impact', 'root-cause', 'fix', 'workaround', 'edge-case',
                          'lesson', 'timeline', 'status', 'background', 'other'));

-- The redacted body as parsed (markdown for markdown and HTML pages, the text for .txt), shown
-- once on the document page instead of stitching chunks back together. NULL for failed files and
-- for documents ingested before this migration.
ALTER TABLE documents ADD COLUMN body text;

-- The section tree: [{heading, level, parent, kind, start, end, chunks}] in document order, with
-- character spans into `body` and the ordinal range of the chunks holding each section's text.
ALTER TABLE documents ADD COLUMN sections jsonb;
