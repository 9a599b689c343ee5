import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateMetadata, fdeDevDir, hasFdeDev, type MetadataFigures } from '../bench/lib/metadata-eval.ts'
import { parse } from '../ingest/parse.ts'
import { SAMPLE_CORPUS } from './helpers/corpus.ts'

const present = hasFdeDev()
if (!present) console.warn(`skipping the fde-dev metadata figures: ${fdeDevDir} not found`)

describe.skipIf(!present)('metadata on the keyed fde-dev corpus (54 documents written elsewhere)', () => {
  let figures: MetadataFigures
  const load = async () => {
    figures ??= await evaluateMetadata()
    return figures
  }
  const misses = (field: keyof MetadataFigures['rows'][number]['found']) =>
    figures.rows.filter(
      (r) => (r.found[field] ?? '').toLowerCase() !== (r.expected[field] ?? '').toLowerCase(),
    )

  it('dates every document right and none by file time', async () => {
    const f = await load()
    expect(f.documents).toBe(54)
    expect(misses('date').map((r) => r.path)).toEqual([])
    expect(f.mtimeDated).toBe(0)
  }, 120_000)

  it('gets every customer, type and severity right', async () => {
    await load()
    expect(misses('customer').map((r) => r.path)).toEqual([])
    expect(misses('type').map((r) => r.path)).toEqual([])
    expect(misses('severity').map((r) => r.path)).toEqual([])
  }, 120_000)

  it('finds every author, including those who only signed with a first name', async () => {
    await load()
    expect(misses('author').map((r) => r.path)).toEqual([])
  }, 120_000)
})

describe('the sample corpus keeps its dates', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = path.join(dir, n)
      return statSync(p).isDirectory() ? files(p) : [p]
    })

  it('dates every sample document by what it says, matching the date in its file name', () => {
    const root = path.join(SAMPLE_CORPUS, 'customers')
    const checkout = new Date('2031-01-01T00:00:00Z')
    for (const file of files(root)) {
      const rel = path.relative(root, file).split(path.sep).join('/')
      const doc = parse({ path: rel, content: readFileSync(file, 'utf8'), mtime: checkout })
      expect(doc.dateSource, rel).not.toBe('mtime')
      expect(doc.date, rel).toBe(/\d{4}-\d{2}-\d{2}/.exec(rel)?.[0])
    }
  })
})
