import type { MessagePort } from 'node:worker_threads'
import type { MetaOverrides, SourceFormat } from '../schemas/document.ts'
import type { FieldMap } from './field-map.ts'
import type { ParseResult } from './parse.ts'
import type { PreparedDocument, PrepareOptions } from './prepare.ts'
import type { ConvertedDocument } from './sources/types.ts'

/** What the parse worker receives for one source. */
export interface ParseTask {
  relPath: string
  text: string
  mtime: Date
  /** Set for converted documents, whose path does not name their format. */
  format?: SourceFormat
  /** Metadata given with the source (upload form fields). */
  overrides?: MetaOverrides
  options: PrepareOptions
  /** Nesting beyond this many levels is refused before parsing. */
  maxDepth: number
  /** Posted to once when the worker starts on the task: the time budget runs from then. */
  started: MessagePort
}

/** A prepared document as it crosses the thread boundary: everything but the mdast tree. */
export type PreparedSummary = Omit<PreparedDocument, 'parsed'> & { parsed: Omit<ParseResult, 'tree'> }

/** The worker's answer: the prepared document, or the error as data (message already names the file). */
export type ParseTaskResult =
  | { ok: true; prepared: PreparedSummary }
  | { ok: false; message: string; hint?: string | undefined; known: boolean }

/** What the worker receives to run a source converter on one file or folder. */
export interface ConvertTask {
  converter: string
  /** The user's field names (`--map`), for converters that read named fields (tickets, channels). */
  fieldMap?: FieldMap
  absPath: string
  relPath: string
  bytes?: Uint8Array
  started: MessagePort
}

/** The converter's documents, or its error as data. */
export type ConvertTaskResult =
  | { ok: true; docs: ConvertedDocument[] }
  | { ok: false; message: string; hint?: string | undefined; known: boolean; code?: string }
