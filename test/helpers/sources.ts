import { prepareDocument } from '../../ingest/prepare.ts'
import type { ConvertedDocument, ConvertInput, SourceConverter } from '../../ingest/sources/types.ts'

/** Pipeline settings for converter tests (IPv4 redaction on, so addresses in chat are caught). */
export const PREPARE = { chunkTokens: 300, chunkOverlap: 40, redactIpv4: true }

/** Run a converter on bytes (a file) or a folder. */
export function convert(
  converter: SourceConverter,
  relPath: string,
  bytes?: Uint8Array | string,
  absPath = `/tmp/${relPath}`,
): Promise<ConvertedDocument[]> {
  const input: ConvertInput = { absPath, relPath }
  if (bytes !== undefined) input.bytes = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
  return converter.convert(input)
}

/** A converted document through the pure pipeline, as ingest would store it (parsed as markdown). */
export function prepare(doc: ConvertedDocument, container: string) {
  return prepareDocument(
    { relPath: `${container}/${doc.part}.md`, text: doc.markdown, mtime: new Date(0) },
    PREPARE,
  )
}

/** The one document whose part is `part`. */
export function part(docs: ConvertedDocument[], name: string): ConvertedDocument {
  const hit = docs.find((d) => d.part === name)
  if (!hit) throw new Error(`no part ${name} in ${docs.map((d) => d.part).join(', ')}`)
  return hit
}

/** A GitHub token made at run time, so secret scanners do not flag the test source. */
export const GITHUB_TOKEN = `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`
