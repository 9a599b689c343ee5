/**
 * Parsing off the calling thread: a small long-lived pool of worker threads (piscina) runs the
 * pure middle of the pipeline ({@link prepareDocument}) for one source at a time, each within a time
 * and heap budget. A worker over budget is terminated and replaced; the source fails with a clear
 * `ParseError` and the next one parses as usual. Idle workers are unref'd, so a CLI run exits
 * promptly without closing the pool; servers and tests may call {@link closeParsePool}.
 */
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { MessageChannel } from 'node:worker_threads'
import { Piscina } from 'piscina'
import { FileError, ParseError, toError, UnrecognisedSourceError } from '../lib/errors.ts'
import type { MetaOverrides, SourceFormat } from '../schemas/document.ts'
import type { FieldMap } from './field-map.ts'
import type {
  ConvertTask,
  ConvertTaskResult,
  ParseTask,
  ParseTaskResult,
  PreparedSummary,
} from './parse-task.ts'
import type { PrepareOptions } from './prepare.ts'
import type { ConvertedDocument } from './sources/types.ts'

/** Budgets for one parse; the config always sets them, library callers may leave them out. */
export interface ParseLimits {
  parseTimeoutMs?: number
  parseMemoryMb?: number
  parseMaxDepth?: number
}

/** The defaults of FIELDKB_PARSE_TIMEOUT_MS, FIELDKB_PARSE_MEMORY_MB and FIELDKB_PARSE_MAX_DEPTH. */
export const PARSE_DEFAULTS = { parseTimeoutMs: 20_000, parseMemoryMb: 512, parseMaxDepth: 128 } as const

// Two workers overlap parsing with embedding/writing on a 2-core machine; more only add memory.
const THREADS = Math.max(1, Math.min(2, availableParallelism()))
// An absolute loader URL so the worker finds tsx whatever the current directory is.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

let pool: Piscina | undefined
let poolMemoryMb = 0
let running = 0
const waiting: (() => void)[] = []

function poolFor(memoryMb: number): Piscina {
  if (pool && poolMemoryMb === memoryMb) return pool
  void pool?.destroy()
  poolMemoryMb = memoryMb
  pool = new Piscina({
    filename: new URL('./parse-worker.ts', import.meta.url).href,
    execArgv: ['--import', TSX_LOADER],
    minThreads: 1,
    maxThreads: THREADS,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
  })
  return pool
}

/** Wait for a free worker, so a source's time budget starts when it is parsed, not when queued. */
async function acquire(): Promise<void> {
  if (running < THREADS) {
    running++
    return
  }
  await new Promise<void>((resolve) => waiting.push(resolve))
}

function release(): void {
  const next = waiting.shift()
  if (next) next()
  else running--
}

/**
 * Redact, parse and chunk one source in a worker thread (see {@link prepareDocument}); the result
 * has no mdast tree. Sources nested deeper than `parseMaxDepth` are refused before parsing.
 * @throws {ParseError} when the source is refused, fails to parse, or exceeds the time or memory budget
 */
export async function prepareInWorker(
  source: { relPath: string; text: string; mtime: Date; format?: SourceFormat; overrides?: MetaOverrides },
  options: PrepareOptions & ParseLimits,
): Promise<PreparedSummary> {
  const task: Omit<ParseTask, 'started'> = {
    ...source,
    options: {
      chunkTokens: options.chunkTokens,
      chunkOverlap: options.chunkOverlap,
      redactIpv4: options.redactIpv4,
      ...(options.fieldMap ? { fieldMap: options.fieldMap } : {}),
    },
    maxDepth: options.parseMaxDepth ?? PARSE_DEFAULTS.parseMaxDepth,
  }
  return runBudgeted(undefined, task, source.relPath, options, (result: ParseTaskResult) => {
    if (result.ok) return result.prepared
    throw new ParseError(withoutFile(result.message, source.relPath), source.relPath, {
      hint: result.known ? result.hint : 'the file may be malformed; check it in an editor or split it',
    })
  })
}

/**
 * Run a task in the pool within the time and memory budget (`name`: the worker's named export, or
 * the default one); `handle` turns the worker's answer into the result or a thrown ParseError.
 */
export async function runBudgeted<R, T>(
  name: string | undefined,
  task: object,
  file: string,
  limits: ParseLimits,
  handle: (result: R) => T,
): Promise<T> {
  const timeoutMs = limits.parseTimeoutMs ?? PARSE_DEFAULTS.parseTimeoutMs
  const memoryMb = limits.parseMemoryMb ?? PARSE_DEFAULTS.parseMemoryMb
  await acquire()
  // The budget starts when a worker picks the task up, so starting a replacement worker is free.
  const timer = new AbortController()
  const { port1: started, port2 } = new MessageChannel()
  let clock: NodeJS.Timeout | undefined
  started.once('message', () => {
    clock = setTimeout(() => timer.abort(), timeoutMs)
  })
  try {
    const result: R = await poolFor(memoryMb).run(
      { ...task, started: port2 },
      { signal: timer.signal, transferList: [port2], ...(name ? { name } : {}) },
    )
    return handle(result)
  } catch (cause) {
    if (cause instanceof FileError) throw cause
    throw budgetError(cause, file, timer.signal.aborted, timeoutMs, memoryMb)
  } finally {
    clearTimeout(clock)
    started.close()
    release()
  }
}

function budgetError(cause: unknown, file: string, timedOut: boolean, ms: number, mb: number): ParseError {
  if (timedOut) {
    return new ParseError(
      `parsing took longer than ${formatSeconds(ms)} (limit FIELDKB_PARSE_TIMEOUT_MS)`,
      file,
      {
        cause,
        hint: 'split the file or simplify its structure, or raise FIELDKB_PARSE_TIMEOUT_MS',
      },
    )
  }
  const e = toError(cause)
  if ((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new ParseError(
      `parsing needed more than ${mb} MB of memory (limit FIELDKB_PARSE_MEMORY_MB)`,
      file,
      {
        cause,
        hint: 'split the file or simplify its structure, or raise FIELDKB_PARSE_MEMORY_MB',
      },
    )
  }
  return new ParseError(`parsing failed: ${e.message}`, file, { cause })
}

function withoutFile(message: string, file: string): string {
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}

/** Stop the parse workers (the next parse starts a new pool). */
export async function closeParsePool(): Promise<void> {
  const p = pool
  pool = undefined
  await p?.destroy()
}

/**
 * Run source converter `converter` on a file (its bytes) or folder in a worker, within the parse
 * budget: a hostile PDF that loops or balloons fails alone.
 * @throws {ParseError} when the converter refuses the input or exceeds the budget
 */
export async function convertInWorker(
  converter: string,
  input: { absPath: string; relPath: string; bytes?: Uint8Array },
  limits: ParseLimits & { fieldMap?: FieldMap | undefined },
): Promise<ConvertedDocument[]> {
  return runBudgeted(
    'convert',
    {
      converter,
      ...input,
      ...(limits.fieldMap ? { fieldMap: limits.fieldMap } : {}),
    } satisfies Omit<ConvertTask, 'started'>,
    input.relPath,
    limits,
    (result: ConvertTaskResult) => {
      if (result.ok) return result.docs
      if (result.code === 'unrecognised_source') {
        throw new UnrecognisedSourceError(withoutFile(result.message, input.relPath), input.relPath)
      }
      throw new ParseError(withoutFile(result.message, input.relPath), input.relPath, {
        hint: result.known
          ? result.hint
          : 'the file may be malformed; open it in its application and re-export it',
      })
    },
  )
}
