/**
 * Worker-thread side of {@link ../ingest/parse-pool.ts}: refuse sources nested too deeply, then run
 * `prepareDocument` and send back its result without the mdast tree (nothing after chunking
 * reads it, and cloning it across threads would cost more than the parse).
 */
import { AppError, toError } from '../lib/errors.ts'
import { assertNesting } from './nesting.ts'
import { formatOf } from './parse.ts'
import type { ConvertTask, ConvertTaskResult, ParseTask, ParseTaskResult } from './parse-task.ts'
import { type PrepareOptions, prepareDocument } from './prepare.ts'
import { converterNamed } from './sources/registry.ts'

/** Prepare one source; errors come back as data because thrown errors lose their class and hint. */
export default function prepareTask(task: ParseTask): ParseTaskResult {
  task.started.postMessage('started')
  task.started.close()
  try {
    const options: PrepareOptions = task.options
    const format = task.format ?? formatOf(task.relPath)
    assertNesting(task.text, task.relPath, format, task.maxDepth)
    const { parsed, ...rest } = prepareDocument(
      {
        relPath: task.relPath,
        text: task.text,
        mtime: task.mtime,
        format,
        ...(task.overrides ? { overrides: task.overrides } : {}),
      },
      options,
    )
    const { tree: _tree, ...summary } = parsed
    return { ok: true, prepared: { ...rest, parsed: summary } }
  } catch (cause) {
    const e = toError(cause)
    if (e instanceof AppError) return { ok: false, message: e.message, hint: e.hint, known: true }
    // A RangeError here is a stack overflow on input the depth measure did not catch.
    return { ok: false, message: `${task.relPath}: parsing failed: ${e.message}`, known: false }
  }
}

/** Run a source converter on one file or folder; errors come back as data, as above. */
export async function convert(task: ConvertTask): Promise<ConvertTaskResult> {
  task.started.postMessage('started')
  task.started.close()
  try {
    const converter = converterNamed(task.converter, task.fieldMap)
    if (!converter) throw new Error(`no converter named "${task.converter}"`)
    const input = {
      absPath: task.absPath,
      relPath: task.relPath,
      ...(task.bytes ? { bytes: task.bytes } : {}),
    }
    return { ok: true, docs: await converter.convert(input) }
  } catch (cause) {
    const e = toError(cause)
    if (e instanceof AppError)
      return { ok: false, message: e.message, hint: e.hint, known: true, code: e.code }
    return {
      ok: false,
      message: `${task.relPath}: ${task.converter} conversion failed: ${e.message}`,
      known: false,
    }
  }
}
