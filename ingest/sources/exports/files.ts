/** An export's JSON/text files by relative name, read from an unpacked folder or a zip. */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { ConvertInput } from '../types.ts'
import { entryText, readZip } from './zip.ts'

/** Relative `/`-separated name → text. */
export type ExportFiles = Map<string, string>

/** Text files of a folder (two levels deep) whose names `want` accepts. */
export async function folderFiles(root: string, want: (name: string) => boolean): Promise<ExportFiles> {
  const out: ExportFiles = new Map()
  const visit = async (dir: string, rel: string, depth: number) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const name = rel === '' ? entry.name : `${rel}/${entry.name}`
      if (entry.isDirectory() && depth < 2) await visit(path.join(dir, entry.name), name, depth + 1)
      else if (entry.isFile() && want(name)) out.set(name, await readFile(path.join(dir, entry.name), 'utf8'))
    }
  }
  await visit(root, '', 0)
  return out
}

/** Text files of a zip whose names `want` accepts. */
export function zipFiles(bytes: Uint8Array, file: string, want: (name: string) => boolean): ExportFiles {
  const out: ExportFiles = new Map()
  for (const [name, data] of Object.entries(readZip(bytes, file, want))) out.set(name, entryText(data))
  return out
}

/** The files of an input: its zip bytes when given, else its folder. */
export async function inputFiles(input: ConvertInput, want: (name: string) => boolean): Promise<ExportFiles> {
  return input.bytes ? zipFiles(input.bytes, input.relPath, want) : folderFiles(input.absPath, want)
}

/** The folder prefix (`''` or `export/`) under which `marker` sits, or undefined when absent. */
export function rootOf(files: Iterable<string>, marker: string): string | undefined {
  let best: string | undefined
  for (const name of files) {
    if (name === marker || name.endsWith(`/${marker}`)) {
      const prefix = name.slice(0, name.length - marker.length)
      if (best === undefined || prefix.length < best.length) best = prefix
    }
  }
  return best
}
