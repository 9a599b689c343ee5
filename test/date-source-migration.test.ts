import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadMigrations, migrate } from '../storage/migrate.ts'
import { freshDb, type TestDb } from './helpers/db.ts'

describe('migration 010 on a store ingested before it', () => {
  let t: TestDb
  beforeAll(async () => {
    t = await freshDb({ migrated: false })
  })
  afterAll(async () => t?.dispose())

  it('recovers date_source from the warnings the earlier ingest recorded', async () => {
    const all = loadMigrations()
    await migrate(
      t.db,
      all.filter((m) => m.version < 10),
    )
    const row = (key: string, warnings: unknown[]) =>
      t.db.query(
        `INSERT INTO documents (source_key, source_path, title, customer, type, date, warnings)
         VALUES ($1, $1, 't', 'c', 'field-report', '2026-01-01', $2)`,
        [key, JSON.stringify(warnings)],
      )
    await row('a.md', [{ code: 'date-from-mtime', message: 'a.md: no date given' }])
    await row('b-2026-01-01.md', [{ code: 'date-from-filename', message: 'b: from the file name' }])
    await row('c.md', [])
    await t.db.query(
      `INSERT INTO documents (source_key, source_path, status, error) VALUES ('d.md', 'd.md', 'failed', 'x')`,
    )
    await migrate(t.db, all)
    const rows = await t.db.query<{ key: string; source: string | null }>(
      'SELECT source_key AS key, date_source AS source FROM documents ORDER BY 1',
    )
    expect(rows).toEqual([
      { key: 'a.md', source: 'mtime' },
      { key: 'b-2026-01-01.md', source: 'filename' },
      { key: 'c.md', source: 'frontmatter' },
      { key: 'd.md', source: null },
    ])
  })
})
