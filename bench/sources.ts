/**
 * Source converter throughput: pages per second for PDF (unpdf text layer, headings by font size)
 * and DOCX (mammoth → markdown), converting alone and converting plus the rest of the pure pipeline
 * (redact, parse, sections, chunk; no embedding), next to the same text as plain markdown. The
 * documents are generated with pdf-lib and docx (50 pages by default). Writes
 * `bench/results/sources-<date>.{json,md}`.
 * Usage: npm run bench:sources [-- --pages 50 --runs 5]
 */
import { parseArgs } from 'node:util'
import { prepareDocument } from '../ingest/prepare.ts'
import { docxConverter } from '../ingest/sources/docx.ts'
import { pdfConverter } from '../ingest/sources/pdf.ts'
import type { SourceConverter } from '../ingest/sources/types.ts'
import { positiveInt } from './lib/cli.ts'
import { makeDocx, makePdf, reportPages } from './lib/doc-fixtures.ts'
import { machineInfo } from './lib/machine.ts'
import { fmt, markdownTable, today, writeResults } from './lib/results.ts'

const OPTIONS = { chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
const { values } = parseArgs({ options: { pages: { type: 'string' }, runs: { type: 'string' } } })
const pages = values.pages ? positiveInt(values.pages, '--pages') : 50
const runs = values.runs ? positiveInt(values.runs, '--runs') : 5

interface Row {
  format: string
  bytes: number
  convertMs: number
  totalMs: number
  chunks: number
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

async function measure(
  format: string,
  bytes: Uint8Array,
  converter: SourceConverter | null,
  text: string,
): Promise<Row> {
  const convertTimes: number[] = []
  const totalTimes: number[] = []
  let chunks = 0
  // One warm-up run loads the libraries and JIT-compiles; it is not counted.
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now()
    const markdown = converter
      ? (
          await converter.convert({ absPath: `/bench/report.${format}`, relPath: `report.${format}`, bytes })
        )[0]!.markdown
      : text
    const t1 = performance.now()
    const prepared = prepareDocument(
      {
        relPath: `customers/acme/report.${format}`,
        text: markdown,
        mtime: new Date('2026-10-01'),
        format: 'markdown',
      },
      OPTIONS,
    )
    const t2 = performance.now()
    chunks = prepared.chunks.length
    if (i > 0) {
      convertTimes.push(t1 - t0)
      totalTimes.push(t2 - t0)
    }
  }
  return {
    format,
    bytes: bytes.byteLength,
    convertMs: median(convertTimes),
    totalMs: median(totalTimes),
    chunks,
  }
}

const content = reportPages(pages)
const markdown = content.map((p) => `## ${p.heading}\n\n${p.paragraphs.join('\n\n')}`).join('\n\n')
const rows = [
  await measure('pdf', await makePdf(content, { title: 'Rollout report' }), pdfConverter, ''),
  await measure('docx', await makeDocx(content), docxConverter, ''),
  await measure('md', new TextEncoder().encode(markdown), null, markdown),
]
const perSecond = (ms: number) => (ms > 0 ? (pages * 1000) / ms : Number.POSITIVE_INFINITY)
const table = markdownTable(
  [
    'format',
    'size KB',
    'convert ms',
    'convert pages/s',
    'convert+prepare ms',
    'pages/s end to end',
    'chunks',
  ],
  rows.map((r) => [
    r.format,
    fmt(r.bytes / 1024, 0),
    r.format === 'md' ? '–' : fmt(r.convertMs, 0),
    r.format === 'md' ? '–' : fmt(perSecond(r.convertMs), 0),
    fmt(r.totalMs, 0),
    fmt(perSecond(r.totalMs), 0),
    String(r.chunks),
  ]),
  ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
)
const machine = machineInfo()
const md = `# Source converters — ${today()}

${pages}-page documents generated with pdf-lib and docx (same text; a heading and six paragraphs a
page), median of ${runs} runs after one warm-up, in process on one thread (ingest runs conversion in
the parse worker pool). "prepare" is redaction, parsing, sections and chunking; embedding is not
included. \`md\` is the same text as markdown, for reference.

${table}

Machine: ${machine.cpu}, ${machine.cpus} cores, Node ${machine.node}.
`
const written = await writeResults('sources', `sources-${today()}`, { pages, runs, rows, machine }, md)
process.stdout.write(`${md}\nwritten: ${written.json}, ${written.markdown}\n`)
