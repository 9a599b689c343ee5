import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'

/** File extensions the parser understands. */
export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm'] as const

/** A file found under an ingest root. */
export interface FoundFile {
  /** Absolute path. */
  absPath: string
  /** The ingest root it was found under (absolute). */
  root: string
  /** Path relative to the root, with `/` separators. */
  relPath: string
}

/** What walking the inputs produced. */
export interface WalkResult {
  files: FoundFile[]
  /** Directory roots walked (absolute): the scope of `--prune`. */
  roots: string[]
  /** Files seen in walked folders but not ingestible (unsupported extension). */
  skipped: string[]
  /** Inputs that do not exist. */
  missing: string[]
}

const IGNORED_DIRS = new Set(['node_modules', '.git', '.fieldkb'])

/** Whether a file name has an extension fieldkb ingests. */
export function isSupported(file: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase())
}

/**
 * Expand CLI inputs into files: folders recursively (skipping hidden and dependency folders), files
 * as given. A single file's root is the parent of its nearest `customers` ancestor, so customer
 * inference works the same as when its folder is ingested; otherwise its own folder. Sorted for a
 * deterministic order.
 */
export async function walk(inputs: string[], cwd = process.cwd()): Promise<WalkResult> {
  const result: WalkResult = { files: [], roots: [], skipped: [], missing: [] }
  for (const input of inputs) {
    const abs = path.resolve(cwd, input)
    const info = await stat(abs).catch(() => null)
    if (!info) {
      result.missing.push(input)
    } else if (info.isDirectory()) {
      result.roots.push(abs)
      await walkDir(abs, abs, result)
    } else {
      const root = singleFileRoot(abs)
      result.files.push({ absPath: abs, root, relPath: toPosix(path.relative(root, abs)) })
    }
  }
  const seen = new Set<string>()
  result.files = result.files
    .filter((f) => !seen.has(f.absPath) && seen.add(f.absPath))
    .sort((a, b) => a.absPath.localeCompare(b.absPath))
  return result
}

async function walkDir(root: string, dir: string, out: WalkResult): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => a.name.localeCompare(b.name))
  for (const e of entries) {
    if (e.name.startsWith('.') || IGNORED_DIRS.has(e.name)) continue
    const abs = path.join(dir, e.name)
    if (e.isDirectory()) await walkDir(root, abs, out)
    else if (e.isFile() && isSupported(e.name))
      out.files.push({ absPath: abs, root, relPath: toPosix(path.relative(root, abs)) })
    else if (e.isFile()) out.skipped.push(toPosix(path.relative(root, abs)))
  }
}

function singleFileRoot(abs: string): string {
  const parts = abs.split(path.sep)
  const i = parts.lastIndexOf('customers')
  return i > 0 && i < parts.length - 1 ? parts.slice(0, i).join(path.sep) || path.sep : path.dirname(abs)
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/')
}
