import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The sample corpus shipped in the repository. */
export const SAMPLE_CORPUS = path.join(REPO_ROOT, 'examples/corpus')

/** Copy the sample corpus to a temporary folder the test may modify; returns it and a cleanup. */
export function copyCorpus(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'fieldkb-corpus-'))
  cpSync(path.join(SAMPLE_CORPUS, 'customers'), path.join(dir, 'customers'), { recursive: true })
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A temporary empty folder and its cleanup. */
export function tempDir(prefix = 'fieldkb-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
