import type { Context } from 'hono'
import { formatBytes } from '../ingest/decode.ts'
import type { Upload } from '../ingest/upload.ts'
import { SUPPORTED_EXTENSIONS } from '../ingest/walk.ts'
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../lib/errors.ts'
import type { MetaOverrides } from '../schemas/document.ts'
import { formMeta } from './upload-meta.ts'

/** Media types accepted as a raw upload body (the file name, from `?filename=`, sets the format). */
export const RAW_UPLOAD_TYPES = [
  'text/markdown',
  'text/plain',
  'text/html',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'message/rfc822',
  'application/mbox',
] as const

const MAX_NAME = 150

/**
 * Reduce a client-supplied file name to a safe single path segment: directories dropped (no
 * traversal), control and formatting characters removed, anything but letters, digits, `.`, `_`
 * and `-` turned into `-`, no leading dots. Throws `ValidationError` when nothing usable remains
 * or the extension is not one fieldkb ingests.
 * @example sanitiseFileName('../../etc/Weekly Notes.MD') // → 'Weekly-Notes.MD'
 */
export function sanitiseFileName(raw: string): string {
  const base = (raw.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[.-]+/, '')
  const dot = base.lastIndexOf('.')
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : ''
  const supported = SUPPORTED_EXTENSIONS as readonly string[]
  if (!supported.includes(ext)) {
    throw new ValidationError(
      `unsupported file name "${base.slice(0, 80)}"; expected one of ${supported.join(', ')}`,
      [{ path: ['filename'], message: `the extension must be one of ${supported.join(', ')}` }],
    )
  }
  const stem = base
    .slice(0, dot)
    .replace(/[.-]+$/, '')
    .slice(0, MAX_NAME - ext.length)
  if (stem === '') {
    throw new ValidationError('the file name is empty once sanitised', [
      { path: ['filename'], message: 'expected a name such as notes.md' },
    ])
  }
  return `${stem}${base.slice(dot)}`
}

/**
 * Read the uploaded file from a multipart form (field `file`) or a raw text body named by
 * `filename`. Throws 400 (missing or bad name), 413 (over `maxBytes`) or 415 (other media types).
 */
export async function readUpload(c: Context, maxBytes: number, filename?: string): Promise<Upload> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  let name: string | undefined = filename
  let bytes: Uint8Array
  let meta: MetaOverrides | undefined
  if (type === 'multipart/form-data') {
    const form = await c.req.parseBody().catch(() => {
      throw new ValidationError('the multipart body is malformed')
    })
    const file = form.file
    if (!(file instanceof File)) {
      throw new ValidationError('the form has no file', [
        { path: ['file'], message: 'expected a file in the form field "file"' },
      ])
    }
    name ??= file.name
    bytes = new Uint8Array(await file.arrayBuffer())
    meta = formMeta(form)
  } else if ((RAW_UPLOAD_TYPES as readonly string[]).includes(type)) {
    bytes = new Uint8Array(await c.req.arrayBuffer())
  } else {
    throw new UnsupportedMediaTypeError(`cannot upload a body of type "${type || 'none'}"`, {
      hint: `send multipart/form-data with a "file" field, or ${RAW_UPLOAD_TYPES.join(', ')} with ?filename=`,
    })
  }
  if (!name) {
    throw new ValidationError('the upload has no file name', [
      { path: ['filename'], message: 'add ?filename=notes.md for a raw upload' },
    ])
  }
  if (bytes.byteLength > maxBytes) {
    throw new PayloadTooLargeError(
      `the file is ${formatBytes(bytes.byteLength)}, over the ${formatBytes(maxBytes)} limit`,
      { hint: 'split the file, or raise FIELDKB_MAX_FILE_BYTES' },
    )
  }
  return { name: sanitiseFileName(name), originalName: canonicalName(name), bytes, ...(meta ? { meta } : {}) }
}

/** The client's name as an identity: NFC, no control characters, `/` separators, bounded length. */
function canonicalName(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replaceAll('\\', '/')
    .trim()
    .slice(0, 500)
}
