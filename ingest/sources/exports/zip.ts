/** Reading export archives with fflate, refusing zip bombs before anything is inflated. */
import { type Unzipped, unzipSync } from 'fflate'
import { ParseError } from '../../../lib/errors.ts'

/** Limits on an archive's contents. */
export interface ZipLimits {
  /** Most entries read. */
  maxEntries: number
  /** Most bytes inflated in total (declared uncompressed sizes). */
  maxTotalBytes: number
  /** Largest ratio of uncompressed to compressed size for one entry. */
  maxRatio: number
}

/** Defaults generous for real exports, far below what a bomb needs. */
export const ZIP_LIMITS: ZipLimits = { maxEntries: 20_000, maxTotalBytes: 512 * 1024 * 1024, maxRatio: 200 }

/**
 * The files of a zip (directories dropped, names `/` separated), keeping only names `want` accepts;
 * the limits apply to all entries (declared sizes, checked before anything is inflated).
 * @throws {ParseError} for a corrupt archive or one over the entry, size or ratio limits
 */
export function readZip(
  bytes: Uint8Array,
  file: string,
  want: (name: string) => boolean = () => true,
  limits: ZipLimits = ZIP_LIMITS,
): Unzipped {
  let entries = 0
  let total = 0
  const refuse = (what: string) =>
    new ParseError(`zip refused: ${what}`, file, { hint: 'unpack it and ingest the folder if it is genuine' })
  try {
    return unzipSync(bytes, {
      filter: (f) => {
        if (f.name.endsWith('/')) return false
        // Every entry counts, read or not: an archive with a bomb inside is refused as a whole.
        if (++entries > limits.maxEntries) throw refuse(`more than ${limits.maxEntries} entries`)
        total += f.originalSize
        if (total > limits.maxTotalBytes)
          throw refuse(`over ${Math.round(limits.maxTotalBytes / 1048576)} MB uncompressed`)
        if (f.originalSize > 1024 * 1024 && f.originalSize > f.size * limits.maxRatio)
          throw refuse(`entry ${f.name} expands ${Math.round(f.originalSize / Math.max(1, f.size))}×`)
        return want(f.name)
      },
    })
  } catch (cause) {
    if (cause instanceof ParseError) throw cause
    throw new ParseError(`not a readable zip archive: ${(cause as Error).message}`, file, { cause })
  }
}

/** All entry names of a zip without inflating anything. */
export function zipNames(bytes: Uint8Array, file: string): string[] {
  const names: string[] = []
  readZip(bytes, file, (name) => {
    names.push(name)
    return false
  })
  return names
}

/** An entry's bytes as UTF-8 text. */
export function entryText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '')
}
