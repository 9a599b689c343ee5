/**
 * `node --import tsx bench/metadata.ts [--verbose]`: metadata accuracy (date, customer, type,
 * severity, author) on the keyed fde-dev corpus; prints a table and writes
 * `bench/results/metadata-<date>.md`. Skips with a message when `../shared` is absent.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { evaluateMetadata, fdeDevDir, hasFdeDev, type MetadataRow } from './lib/metadata-eval.ts'
import { resultsDir } from './lib/paths.ts'
import { markdownTable, today } from './lib/results.ts'

if (!hasFdeDev()) {
  console.log(`skipped: keyed corpus not found at ${fdeDevDir}`)
  process.exit(0)
}
const f = await evaluateMetadata()
const pct = (n: number) => `${n}/${f.documents} (${Math.round((100 * n) / f.documents)}%)`
const summary = markdownTable(
  ['field', 'correct'],
  [
    ['date', pct(f.date)],
    ['customer', pct(f.customer)],
    ['type', pct(f.type)],
    ['severity', pct(f.severity)],
    ['author', pct(f.author)],
    ['dated by mtime', String(f.mtimeDated)],
  ],
  ['left', 'right'],
)
const fields = ['date', 'customer', 'type', 'severity', 'author'] as const
const wrong = (r: MetadataRow) =>
  fields.filter((k) => (r.found[k] ?? '').toLowerCase() !== (r.expected[k] ?? '').toLowerCase())
const misses = f.rows
  .filter((r) => wrong(r).length > 0)
  .map((r) =>
    [
      r.path,
      ...wrong(r).map((k) => `${k}: ${r.found[k] ?? '∅'} ≠ ${r.expected[k] ?? '∅'}`),
      `(${r.dateSource})`,
    ].join(' '),
  )
const bySource = new Map<string, number>()
for (const r of f.rows) bySource.set(r.dateSource ?? '∅', (bySource.get(r.dateSource ?? '∅') ?? 0) + 1)
const sources = markdownTable(
  ['date_source', 'documents'],
  [...bySource].map(([s, n]) => [s, String(n)]),
  ['left', 'right'],
)
const report = `# Metadata accuracy on fde-dev (${today()})\n\nCommand: \`node --import tsx bench/metadata.ts\`\n\n${summary}\n\n${sources}\n\n## Misses\n\n${misses.length === 0 ? 'none' : misses.map((m) => `- ${m}`).join('\n')}\n`
console.log(report)
await mkdir(resultsDir, { recursive: true })
const out = path.join(resultsDir, `metadata-${today()}.md`)
await writeFile(out, report)
console.log(`wrote ${out}`)
