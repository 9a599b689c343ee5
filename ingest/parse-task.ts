import type { MessagePort } from 'node:worker_threads'
import type { ParseResult } from './parse.ts'
import type { PreparedDocument, PrepareOptions } from './prepare.ts'

/** What the parse worker receives for one source. */
export interface ParseTask {
  relPath: string
  text: string
  mtime: Date
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
