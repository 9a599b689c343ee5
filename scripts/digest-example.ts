/**
 * Regenerate the committed example digest (`docs/digest-example.html` and `.txt`) from the sample
 * corpus, for 14–20 Nov 2026, in a throwaway store with the offline embedder and no chat model
 * (so the output is deterministic apart from the pattern mining itself).
 *
 *   node --import tsx scripts/digest-example.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createContext } from '../cli/context.ts'
import { loadConfig } from '../config/load.ts'
import { buildDigest } from '../digest/build.ts'
import { explicitPeriod } from '../digest/period.ts'
import { renderHtml } from '../digest/render-html.ts'
import { renderText } from '../digest/render-text.ts'
import { refreshPatterns } from '../digest/sources.ts'
import { ingestPaths } from '../ingest/run.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** The example's period, URL and clock: fixed so regenerating changes nothing unless the code did. */
export const EXAMPLE = {
  from: '2026-11-14',
  to: '2026-11-20',
  timezone: 'Europe/Berlin',
  publicUrl: 'https://fieldkb.example.com',
  now: new Date('2026-11-23T07:00:00Z'),
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'fieldkb-example-'))
const config = loadConfig({
  FIELDKB_DATA_DIR: dataDir,
  FIELDKB_PUBLIC_URL: EXAMPLE.publicUrl,
  FIELDKB_TIMEZONE: EXAMPLE.timezone,
})
const ctx = createContext(config, (m) => process.stderr.write(`${m}\n`))
try {
  const db = await ctx.db()
  const ingest = await ingestPaths([path.join(ROOT, 'examples/corpus/customers')], {
    db,
    embedder: await ctx.embedder(),
    options: config.ingest,
  })
  process.stderr.write(`ingested ${ingest.added} documents\n`)
  await refreshPatterns(db)
  const digest = await buildDigest(db, {
    period: explicitPeriod(EXAMPLE.from, EXAMPLE.to, EXAMPLE.timezone),
    publicUrl: EXAMPLE.publicUrl,
    now: () => EXAMPLE.now,
  })
  for (const [file, content] of [
    ['docs/digest-example.html', renderHtml(digest)],
    ['docs/digest-example.txt', renderText(digest)],
  ] as const) {
    writeFileSync(path.join(ROOT, file), content)
    process.stderr.write(`wrote ${file}\n`)
  }
} finally {
  await ctx.close()
  rmSync(dataDir, { recursive: true, force: true })
}
