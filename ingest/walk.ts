import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { convertedExtensions, converterForDir, converterForFile } from './sources/registry.ts'

/** File extensions the parser reads as they are (other types go through a converter). */
export const TEXT_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm'] as const

/** Every file extension fieldkb ingests: the text formats plus those the converters claim. */
export const SUPPORTED_EXTENSIONS: readonly string[] = [...TEXT_EXTENSIONS, ...convertedExtensions()]

/** A file (or converted folder) found under an ingest root. */
export interface FoundFile {
  /** Absolute path. */
  absPath: string
  /** The ingest root it was found under (absolute). */
  root: string
  /** Path relative to the root, with `/` separators. */
  relPath: string
  /** The source converter that turns it into documents; absent for markdown, text and HTML. */
  converter?: string
  /** True for a folder claimed by a folder converter (one source, not walked further). */
  isDir?: boolean
}

/** A file the walk saw but does not ingest, and why. */
export interface SkippedFile {
  /** Path relative to its root (or as given). */
  path: string
  /** E.g. `unsupported type .xlsx`, `empty file`. */
  reason: string
}

/** What walking the inputs produced. */
export interface WalkResult {
  files: FoundFile[]
  /** Directory roots walked (absolute): the scope of `--prune`. */
  roots: string[]
  /** Files seen but not ingested, each with its reason. */
  skipped: SkippedFile[]
  /** Inputs that do not exist. */
  missing: string[]
}

const IGNORED_DIRS = new Set(['node_modules', '.git', '.fieldkb'])

/** Whether a file name has an extension fieldkb ingests. */
export function isSupported(file: string): boolean {
  return SUPPORTED_EXTENSIONS.includes(path.extname(file).toLowerCase())
}

/** Why a file is not ingested, or null when it is. */
function skipReason(name: string, size: number): string | null {
  const ext = path.extname(name).toLowerCase()
  if (!isSupported(name)) return ext ? `unsupported type ${ext}` : 'unsupported type (no extension)'
  return size === 0 ? 'empty file' : null
}

/**
 * Expand CLI inputs into files: folders recursively (skipping hidden and dependency folders), files
 * as given. A folder a converter claims (e.g. a Slack export) is one source and is not walked
 * further. A single file's root is the parent of its nearest `customers` ancestor, so customer
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
      const converter = converterForDir(await readdir(abs))
      if (converter) {
        const root = path.dirname(abs)
        result.roots.push(root)
        result.files.push(found(root, abs, converter.name, true))
      } else {
        result.roots.push(abs)
        await walkDir(abs, abs, result)
      }
    } else {
      const root = singleFileRoot(abs)
      const reason = skipReason(abs, info.size)
      if (reason) result.skipped.push({ path: input, reason })
      else result.files.push(found(root, abs, converterForFile(abs)?.name))
    }
  }
  const seen = new Set<string>()
  result.files = result.files
    .filter((f) => !seen.has(f.absPath) && seen.add(f.absPath))
    .sort((a, b) => a.absPath.localeCompare(b.absPath))
  return result
}

function found(root: string, abs: string, converter?: string, isDir = false): FoundFile {
  return {
    absPath: abs,
    root,
    relPath: toPosix(path.relative(root, abs)),
    ...(converter ? { converter } : {}),
    ...(isDir ? { isDir } : {}),
  }
}

async function walkDir(root: string, dir: string, out: WalkResult, listed?: Dirent[]): Promise<void> {
  const entries = listed ?? (await readdir(dir, { withFileTypes: true }))
  entries.sort((a, b) => a.name.localeCompare(b.name))
  for (const e of entries) {
    if (e.name.startsWith('.') || IGNORED_DIRS.has(e.name)) continue
    const abs = path.join(dir, e.name)
    if (e.isDirectory()) {
      const children = await readdir(abs, { withFileTypes: true })
      const converter = converterForDir(children.map((c) => c.name))
      if (converter) out.files.push(found(root, abs, converter.name, true))
      else await walkDir(root, abs, out, children)
    } else if (e.isFile()) {
      const size = isSupported(e.name) ? (await stat(abs)).size : -1
      const reason = skipReason(e.name, size)
      if (reason) out.skipped.push({ path: toPosix(path.relative(root, abs)), reason })
      else out.files.push(found(root, abs, converterForFile(e.name)?.name))
    }
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
