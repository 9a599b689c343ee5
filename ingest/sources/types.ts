/**
 * The contract between ingest and its source converters. A converter turns one file, folder or
 * archive that is not plain markdown/text/HTML (a PDF, a DOCX, an e-mail, a Slack export, a Jira
 * CSV…) into documents the normal pipeline parses: markdown whose YAML frontmatter carries what the
 * container knows (title, customer, date, type, severity, tags, author, location). Redaction, date
 * and section detection, chunking and embedding then run on it exactly as on a hand-written note.
 */

/** One document produced by a converter. */
export interface ConvertedDocument {
  /**
   * Identity inside its container, stable across runs: `''` for the file itself, otherwise e.g.
   * `general/1699999999.123456` (a Slack thread) or `PROJ-42` (a ticket). The stored source path is
   * the container's path plus `#part` when `part` is not empty.
   */
  part: string
  /** Markdown, optionally with YAML frontmatter (written with the `yaml` package, never by hand). */
  markdown: string
  /** The part of the document this one belongs to (an attachment names its mail's part). */
  parent?: string
  /** Content problems worth telling the user (e.g. "scanned PDF: 12 pages without a text layer"). */
  warnings: string[]
}

/** What a converter is given: where the input is, and its bytes when it is a file. */
export interface ConvertInput {
  /** Absolute path of the file or folder. */
  absPath: string
  /** Path relative to the ingest root, `/` separated (for messages and source paths). */
  relPath: string
  /** The file's bytes; absent for a folder. */
  bytes?: Uint8Array
}

/** A converter for one kind of source. */
export interface SourceConverter {
  /** Short name shown in results and errors, e.g. `pdf`, `slack`. */
  name: string
  /** Lower-case file extensions it claims, with the dot (e.g. `.pdf`); empty for folder converters. */
  extensions: readonly string[]
  /** For folder sources (e.g. an unzipped Slack export): whether this folder is one, from its entry names. */
  matchesDir?: (entries: readonly string[]) => boolean
  /** Convert; throw a ParseError (lib/errors.ts) naming the file and what to do when it cannot be read. */
  convert: (input: ConvertInput) => Promise<ConvertedDocument[]>
}
