/**
 * Export-converter throughput: synthetic Slack (zip), Jira CSV, ServiceNow JSON and Notion (zip)
 * exports converted, then every document run through prepareDocument, so the converters' share of
 * ingest time is visible. Writes `bench/results/exports-<date>.{json,md}`.
 * Usage: npm run bench:exports [-- --scale 1]
 */
import { parseArgs } from 'node:util'
import { strToU8, zipSync } from 'fflate'
import { prepareDocument } from '../ingest/prepare.ts'
import { EXPORT_CONVERTERS } from '../ingest/sources/exports.ts'
import type { SourceConverter } from '../ingest/sources/types.ts'
import { positiveInt } from './lib/cli.ts'
import { fmt, markdownTable, today, writeResults } from './lib/results.ts'

const OPTIONS = { chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } })
const scale = positiveInt(values.scale ?? '1', '--scale')

const words = 'lag broker retry cache tenant webhook token rollout latency failover replica schema'.split(' ')
const sentence = (i: number, n = 14) =>
  Array.from({ length: n }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ')
const byName = (ext: string) => EXPORT_CONVERTERS.find((c) => c.extensions.includes(ext)) as SourceConverter

function slackZip(messages: number): Uint8Array {
  const files: Record<string, Uint8Array> = {
    'channels.json': strToU8(
      JSON.stringify(Array.from({ length: 10 }, (_, c) => ({ id: `C${c}`, name: `cust-c${c}` }))),
    ),
    'users.json': strToU8(
      JSON.stringify([
        { id: 'U1', real_name: 'Ana Bell' },
        { id: 'U2', real_name: 'Ben Cho' },
      ]),
    ),
  }
  const base = Date.UTC(2026, 0, 1) / 1000
  const perFile = 50
  for (let f = 0; f * perFile < messages; f++) {
    const channel = `cust-c${f % 10}`
    const day = new Date((base + Math.floor(f / 10) * 86400) * 1000).toISOString().slice(0, 10)
    const msgs = Array.from({ length: perFile }, (_, k) => {
      const ts = `${base + Math.floor(f / 10) * 86400 + k * 60}.000100`
      const root = `${base + Math.floor(f / 10) * 86400 + Math.floor(k / 5) * 300}.000100`
      return { type: 'message', user: k % 2 ? 'U1' : 'U2', text: `${sentence(k)} <@U1>`, ts, thread_ts: root }
    })
    files[`${channel}/${day}.json`] = strToU8(JSON.stringify(msgs))
  }
  return zipSync(files)
}

function jiraCsv(rows: number): Uint8Array {
  const head =
    'Summary,Issue key,Issue Type,Priority,Created,Labels,Description,Comment,Comment,Custom field (Customer)'
  const lines = Array.from({ length: rows }, (_, i) =>
    [
      `"${sentence(i, 6)}, again"`,
      `OPS-${i}`,
      'Bug',
      'High',
      '02/Mar/26 10:04 AM',
      'ops',
      `"${sentence(i)}\n\n${sentence(i + 1)}"`,
      `"02/Mar/26 11:00 AM;ana;${sentence(i + 2)}"`,
      `"03/Mar/26 9:00 AM;ben;${sentence(i + 3)}"`,
      `C${i % 10}`,
    ].join(','),
  )
  return strToU8([head, ...lines].join('\n'))
}

function serviceNowJson(rows: number): Uint8Array {
  const result = Array.from({ length: rows }, (_, i) => ({
    number: `INC${String(i).padStart(7, '0')}`,
    short_description: sentence(i, 6),
    description: sentence(i, 40),
    priority: '2 - High',
    opened_at: '2026-07-14 02:15:00',
    company: `C${i % 10}`,
    work_notes: `2026-07-14 02:40:00 - Eli Brandt (Work notes)\n${sentence(i + 5)}`,
  }))
  return strToU8(JSON.stringify({ result }))
}

function notionZip(pages: number): Uint8Array {
  const files: Record<string, Uint8Array> = {}
  const id = (i: number) => i.toString(16).padStart(32, '0')
  for (let i = 0; i < pages; i++) {
    const parent = `Space ${id(1_000_000 + (i % 20))}`
    files[`Export/${parent}/Page ${i} ${id(i)}.md`] = strToU8(
      `# Page ${i}\n\nCreated: March 9, 2026\nTags: a, b\n\n## Notes\n\n${sentence(i, 60)}\n`,
    )
  }
  return zipSync(files)
}

const cases: Array<[string, string, Uint8Array]> = [
  ['Slack zip', '.zip', slackZip(20_000 * scale)],
  ['Jira CSV', '.csv', jiraCsv(5_000 * scale)],
  ['ServiceNow JSON', '.json', serviceNowJson(5_000 * scale)],
  ['Notion zip', '.zip', notionZip(2_000 * scale)],
]

const rows = []
for (const [name, ext, bytes] of cases) {
  const t0 = performance.now()
  const docs = await byName(ext).convert({ absPath: `/bench/x${ext}`, relPath: `bench/x${ext}`, bytes })
  const convertMs = performance.now() - t0
  const t1 = performance.now()
  for (const d of docs)
    prepareDocument({ relPath: `bench/${d.part}.md`, text: d.markdown, mtime: new Date() }, OPTIONS)
  const prepareMs = performance.now() - t1
  rows.push({ name, mb: bytes.length / 1048576, docs: docs.length, convertMs, prepareMs })
}

const md = [
  `# Export converters (${today()}, scale ${scale})`,
  '',
  markdownTable(
    ['export', 'input MB', 'documents', 'convert docs/s', 'convert MB/s', 'prepare docs/s', 'convert share'],
    rows.map((r) => [
      r.name,
      fmt(r.mb, 1),
      String(r.docs),
      fmt((r.docs / r.convertMs) * 1000, 0),
      fmt((r.mb / r.convertMs) * 1000, 1),
      fmt((r.docs / r.prepareMs) * 1000, 0),
      `${fmt((100 * r.convertMs) / (r.convertMs + r.prepareMs), 1)}%`,
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  ),
  '',
  '_convert share: converter time as a share of convert + prepareDocument (redact, parse, chunk); embedding and storage come on top._',
].join('\n')
process.stdout.write(`${md}\n`)
const written = await writeResults('exports', `exports-${today()}`, { scale, rows }, `${md}\n`)
console.log(`\nwrote ${written.json} and ${written.markdown}`)
