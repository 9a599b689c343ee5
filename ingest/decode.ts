import { ParseError } from '../lib/errors.ts'

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Turn raw bytes into text, refusing what is not a text document: over the size limit, binary
 * (NUL bytes), or not valid UTF-8. A leading BOM is dropped.
 */
export function decodeText(bytes: Uint8Array, file: string, maxBytes: number): string {
  if (bytes.byteLength > maxBytes) {
    throw new ParseError(
      `file is ${formatBytes(bytes.byteLength)}, over the ${formatBytes(maxBytes)} limit`,
      file,
      {
        hint: 'split the file, or raise FIELDKB_MAX_FILE_BYTES',
      },
    )
  }
  // Text never contains NUL; checking the first 8 KB catches images, PDFs and archives cheaply.
  if (bytes.subarray(0, 8192).includes(0)) {
    throw new ParseError('looks like a binary file, not text', file, {
      hint: 'only markdown, .txt and .html files are ingested',
    })
  }
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch (cause) {
    throw new ParseError('is not valid UTF-8', file, {
      cause,
      hint: 'convert it to UTF-8 (e.g. iconv -t UTF-8)',
    })
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Human-readable byte size. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
