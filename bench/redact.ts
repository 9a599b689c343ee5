/**
 * Redaction benchmark: recall per kind on the repository's own secrets set (every markup bypass and
 * every kind) and on the fde-dev key when `../shared` is present, decoy precision, and the cost of
 * redaction per document on `../shared/corpora`. Writes `bench/results/redact-<date>.{json,md}`.
 * Usage: npm run bench:redact [-- --docs 300]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { prepareDocument } from '../ingest/prepare.ts'
import { redact } from '../ingest/redact.ts'
import { positiveInt } from './lib/cli.ts'
import { sharedDir } from './lib/paths.ts'
import { DECOYS, PLANTED } from './lib/redact-set.ts'
import { fmt, markdownTable, today, writeResults } from './lib/results.ts'

const OPTIONS = { chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }

/** Everything of a prepared document that is stored, indexed or embedded, as one string. */
function storedText(relPath: string, text: string): string {
  const p = prepareDocument({ relPath, text, mtime: new Date('2026-10-01') }, OPTIONS)
  return [
    p.parsed.title,
    p.parsed.author ?? '',
    p.parsed.tags.join(' '),
    JSON.stringify(p.parsed.frontmatter),
    ...p.parsed.warnings.map((w) => w.message),
    ...p.chunks.flatMap((c) => [c.text, ...c.headingPath]),
    ...p.embeddingInputs,
  ].join('\n')
}

/** Recall per kind: the share of cases whose every piece is gone. */
function recallByKind(rows: Array<{ kind: string; ok: boolean }>): Array<[string, number, number]> {
  const byKind = new Map<string, [number, number]>()
  for (const r of rows) {
    const [ok, n] = byKind.get(r.kind) ?? [0, 0]
    byKind.set(r.kind, [ok + (r.ok ? 1 : 0), n + 1])
  }
  return [...byKind].map(([kind, [ok, n]]) => [kind, ok, n])
}

const walk = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const full = path.join(dir, f)
      return statSync(full).isDirectory() ? walk(full) : [full]
    })

function ownSet() {
  const planted = PLANTED.map((c) => {
    const out = storedText(`customers/bench/${c.file}`, c.text)
    return { kind: c.kind, ok: c.pieces.every((piece) => !out.includes(piece)) }
  })
  const decoys = DECOYS.map((d) => ({
    kind: d.kind,
    ok: storedText(`customers/bench/${d.file}`, d.text).includes(d.value),
  }))
  return { planted, decoys }
}

function fdeDev() {
  const root = path.join(sharedDir, 'corpora-keyed', 'fde-dev')
  if (!existsSync(path.join(root, 'key', 'secrets.json'))) return null
  const docs = path.join(root, 'docs')
  const stored = walk(docs)
    .map((f) => storedText(path.relative(docs, f).split(path.sep).join('/'), readFileSync(f, 'utf8')))
    .join('\n')
  const key = (name: string) => JSON.parse(readFileSync(path.join(root, 'key', name), 'utf8'))
  const secrets = (
    key('secrets.json') as Array<{ id: string; type: string; value: string; must_redact: boolean }>
  )
    .filter((s) => s.must_redact)
    .map((s) => ({ kind: s.type, id: s.id, ok: !stored.includes(s.value) }))
  const decoys = (key('decoys.json') as Array<{ id: string; kind: string; value: string }>).map((d) => ({
    kind: d.kind,
    id: d.id,
    ok: stored.includes(d.value),
  }))
  return { secrets, decoys }
}

function speed(limit: number) {
  const root = path.join(sharedDir, 'corpora')
  if (!existsSync(root)) return null
  const files = walk(root).filter((f) => f.endsWith('.md') && !/(?:SOURCE|README)\.md$/.test(f))
  // Every n-th file, so all collections are represented.
  const step = Math.max(1, Math.floor(files.length / limit))
  const sample = files.filter((_, i) => i % step === 0).slice(0, limit)
  const texts = sample.map((f) => readFileSync(f, 'utf8'))
  redact('warm-up: Name: Ann Example, DOB 1980-01-01') // loads the NLP library once
  const counts: Record<string, number> = {}
  let t0 = performance.now()
  for (const text of texts) {
    for (const [k, n] of Object.entries(redact(text).counts)) counts[k] = (counts[k] ?? 0) + n
  }
  const redactMs = (performance.now() - t0) / texts.length
  t0 = performance.now()
  for (const [i, text] of texts.entries()) {
    prepareDocument({ relPath: `customers/x/${i}.md`, text, mtime: new Date() }, OPTIONS)
  }
  const prepareMs = (performance.now() - t0) / texts.length
  const kb = texts.reduce((s, t) => s + t.length, 0) / texts.length / 1024
  return { documents: texts.length, meanKb: kb, redactMsPerDoc: redactMs, prepareMsPerDoc: prepareMs, counts }
}

const args = process.argv.slice(2)
const docsFlag = args.indexOf('--docs')
const limit = docsFlag >= 0 ? positiveInt(args[docsFlag + 1] ?? '', '--docs') : 300

const own = ownSet()
const dev = fdeDev()
const perf = speed(limit)
const pct = (ok: number, n: number) => `${fmt((100 * ok) / n, 0)} %`
const ratio = (rows: Array<{ ok: boolean }>) => pct(rows.filter((r) => r.ok).length, rows.length)
const md: string[] = [
  `# Redaction benchmark, ${today()}`,
  '',
  '## Own secrets set (bench/lib/redact-set.ts)',
  '',
]
md.push(
  markdownTable(
    ['kind', 'redacted', 'recall'],
    recallByKind(own.planted).map(([k, ok, n]) => [k, `${ok}/${n}`, pct(ok, n)]),
    ['left', 'right', 'right'],
  ),
)
md.push('', `Recall overall: **${ratio(own.planted)}** of ${own.planted.length} planted values.`)
md.push(
  '',
  markdownTable(
    ['decoy', 'kept'],
    own.decoys.map((d) => [d.kind, d.ok ? 'yes' : 'NO']),
  ),
)
md.push('', `Decoy precision: **${ratio(own.decoys)}** of ${own.decoys.length} decoys kept.`)
if (dev) {
  md.push('', '## fde-dev key (../shared/corpora-keyed/fde-dev)', '')
  md.push(
    markdownTable(
      ['id', 'kind', 'redacted'],
      dev.secrets.map((s) => [s.id, s.kind, s.ok ? 'yes' : 'NO']),
    ),
  )
  md.push('', `Must-redact recall: **${ratio(dev.secrets)}** of ${dev.secrets.length}.`)
  md.push(
    '',
    markdownTable(
      ['id', 'decoy', 'kept'],
      dev.decoys.map((d) => [d.id, d.kind, d.ok ? 'yes' : 'NO']),
    ),
  )
  md.push('', `Decoy precision: **${ratio(dev.decoys)}** of ${dev.decoys.length}.`)
} else md.push('', '_fde-dev key absent (../shared not found): skipped._')
if (perf) {
  md.push(
    '',
    `## Cost on ../shared/corpora (${perf.documents} documents, mean ${fmt(perf.meanKb, 1)} KB)`,
    '',
  )
  md.push(
    markdownTable(
      ['step', 'ms per document'],
      [
        ['redact (raw + normalised passes, names)', fmt(perf.redactMsPerDoc, 2)],
        ['prepareDocument (redact, parse, chunk, redact stored texts)', fmt(perf.prepareMsPerDoc, 2)],
      ],
      ['left', 'right'],
    ),
  )
  const kinds = Object.entries(perf.counts).sort((a, b) => b[1] - a[1])
  md.push(
    '',
    `Redactions on these public write-ups: ${kinds.map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}.`,
  )
} else md.push('', '_../shared/corpora absent: speed not measured._')
const markdown = `${md.join('\n')}\n`
process.stdout.write(markdown)
const written = await writeResults('redact', `redact-${today()}`, { own, fdeDev: dev, speed: perf }, markdown)
console.log(`\nwrote ${written.json} and ${written.markdown}`)
