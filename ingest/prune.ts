/** Which stored sources a batch ingest knows under its roots, and removing those whose files are gone. */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { deleteDocument, listSources, type SourceState } from '../storage/documents.ts'
import type { IngestDeps } from './ingest-source.ts'
import type { FoundFile } from './walk.ts'

/** Source-key prefix of everything under a root folder (`/a/b` must not match `/a/bc`). */
export function rootPrefix(root: string): string {
  return root.endsWith(path.sep) ? root : root + path.sep
}

/** Stored state of every source under the roots of `files`, by source key. */
export async function knownSources(deps: IngestDeps, files: FoundFile[]): Promise<Map<string, SourceState>> {
  const roots = [...new Set(files.map((f) => f.root))]
  const states = await Promise.all(roots.map((r) => listSources(deps.db, rootPrefix(r))))
  return new Map(states.flat().map((s) => [s.sourceKey, s]))
}

/** Remove the documents under `roots` not in `seen` whose file (or container) no longer exists. */
export async function prune(deps: IngestDeps, roots: string[], seen: Set<string>): Promise<string[]> {
  const pruned: string[] = []
  for (const root of roots) {
    for (const s of await listSources(deps.db, rootPrefix(root))) {
      if (seen.has(s.sourceKey)) continue
      // Only remove what is really gone: a file skipped by this walk (hidden folder) stays.
      const exists = await containerExists(s.sourceKey)
      if (!exists && (await deleteDocument(deps.db, s.id))) pruned.push(path.relative(root, s.sourceKey))
    }
  }
  return pruned
}

/** Whether the file or folder of a source key exists (a `path#part` key: its container). */
async function containerExists(key: string): Promise<boolean> {
  const candidates = [key]
  for (let i = key.indexOf('#'); i > 0; i = key.indexOf('#', i + 1)) candidates.push(key.slice(0, i))
  for (const c of candidates) {
    if (
      await stat(c).then(
        () => true,
        () => false,
      )
    )
      return true
  }
  return false
}
