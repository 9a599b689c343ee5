/**
 * Metadata accuracy on a keyed corpus (`../shared/corpora-keyed/fde-dev`): ingest `docs/` into a
 * fresh in-memory store exactly as `fieldkb ingest` would, then compare each stored document's
 * date, customer, type, severity and author with `key/manifest.jsonl`.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { loadConfig } from '../../config/load.ts'
import { HashingEmbeddings } from '../../embeddings/hashing.ts'
import { ingestPaths } from '../../ingest/run.ts'
import { migrate } from '../../storage/migrate.ts'
import { openPglite } from '../../storage/pglite.ts'
import { sharedDir } from './paths.ts'

/** The keyed development corpus beside the checkout. */
export const fdeDevDir = path.join(sharedDir, 'corpora-keyed', 'fde-dev')

/** One document's expected and found metadata. */
export interface MetadataRow {
  path: string
  expected: { date: string; customer: string; type: string; severity: string | null; author: string | null }
  found: { date: string; customer: string; type: string; severity: string | null; author: string | null }
  dateSource: string | null
  keySource: string
}

/** Correct counts per field, out of `documents`. */
export interface MetadataFigures {
  documents: number
  date: number
  customer: number
  type: number
  severity: number
  author: number
  mtimeDated: number
  rows: MetadataRow[]
}

const same = (a: string | null, b: string | null) =>
  (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase()

/** Whether the keyed corpus is present (it is not on a user's machine). */
export function hasFdeDev(dir = fdeDevDir): boolean {
  return existsSync(path.join(dir, 'key', 'manifest.jsonl')) && existsSync(path.join(dir, 'docs'))
}

/** Ingest `<dir>/docs` and score its metadata against `<dir>/key/manifest.jsonl`. */
export async function evaluateMetadata(dir = fdeDevDir): Promise<MetadataFigures> {
  const key = readFileSync(path.join(dir, 'key', 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, string | null>)
  const db = await openPglite(undefined)
  try {
    await migrate(db)
    const config = loadConfig({ FIELDKB_DATA_DIR: '/nonexistent' })
    await ingestPaths([path.join(dir, 'docs')], {
      db,
      embedder: new HashingEmbeddings(64),
      options: config.ingest,
    })
    const stored = await db.query<MetadataRow['found'] & { path: string; dateSource: string | null }>(
      `SELECT source_path AS path, date::text AS date, customer, type, severity, author, date_source AS "dateSource"
       FROM documents WHERE status = 'ok'`,
    )
    const byPath = new Map(stored.map((r) => [r.path, r]))
    const rows: MetadataRow[] = key.map((k) => {
      const s = byPath.get(String(k.path))
      const found = s ?? { date: '', customer: '', type: '', severity: null, author: null }
      return {
        path: String(k.path),
        expected: {
          date: String(k.date),
          customer: String(k.customer),
          type: String(k.type),
          severity: k.severity ?? null,
          author: k.author ?? null,
        },
        found: {
          date: found.date,
          customer: found.customer,
          type: found.type,
          severity: found.severity,
          author: found.author,
        },
        dateSource: s?.dateSource ?? null,
        keySource: String(k.date_source),
      }
    })
    const count = (f: (r: MetadataRow) => boolean) => rows.filter(f).length
    return {
      documents: rows.length,
      date: count((r) => r.found.date === r.expected.date),
      customer: count((r) => same(r.found.customer, r.expected.customer)),
      type: count((r) => r.found.type === r.expected.type),
      severity: count((r) => r.found.severity === r.expected.severity),
      author: count((r) => same(r.found.author, r.expected.author)),
      mtimeDated: count((r) => r.dateSource === 'mtime'),
      rows,
    }
  } finally {
    await db.close()
  }
}
