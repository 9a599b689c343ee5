/**
 * How well the section classifier finds problems: runs parse → redact → chunk (no database, no
 * embedder) over the keyed dev corpus (`../shared/corpora-keyed/fde-dev`) and the sample corpus
 * (`examples/corpus`), and reports against their keys:
 * - edge cases: share whose key sentence sits in a problem-bearing chunk (and in an edge-case one);
 * - pattern / primary documents: share with at least one problem-bearing chunk;
 * - background documents (no pattern, no edge case, not a look-alike): share of their chunks
 *   classified problem-bearing (lower is better), and the kind mix of all chunks.
 * Usage: `npx tsx bench/sections.ts [--verbose]`
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { prepareDocument } from '../ingest/prepare.ts'
import { isProblemBearing } from '../ingest/sections.ts'
import type { Chunk } from '../schemas/document.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DEV = path.join(ROOT, '../shared/corpora-keyed/fde-dev')
const SAMPLE = path.join(ROOT, 'examples/corpus')
const OPTIONS = { chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }
const verbose = process.argv.includes('--verbose')

/** A simplified form for matching a key sentence against chunk text (markup and spacing dropped). */
const plain = (s: string) =>
  s
    .replace(/[`*_>#|]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()

function chunksOf(root: string, rel: string): Chunk[] {
  const text = readFileSync(path.join(root, rel), 'utf8')
  return prepareDocument({ relPath: rel, text, mtime: statSync(path.join(root, rel)).mtime }, OPTIONS).chunks
}

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(0)}% (${n}/${d})`)

/** Report the figures for one corpus. */
function report(
  name: string,
  root: string,
  docs: string[],
  key: {
    edges: { doc: string; quote?: string; heading?: string }[]
    problemDocs: Set<string>
    background: Set<string>
  },
) {
  const all = new Map(docs.map((d) => [d, chunksOf(root, d)]))
  const kinds = new Map<string, number>()
  for (const cs of all.values())
    for (const c of cs) kinds.set(c.sectionKind, (kinds.get(c.sectionKind) ?? 0) + 1)
  let edgeFound = 0
  let edgeKind = 0
  for (const e of key.edges) {
    const cs = all.get(e.doc) ?? []
    const hit = e.quote
      ? cs.find((c) => plain(c.text).includes(plain(e.quote!).slice(0, 60)))
      : cs.find(
          (c) =>
            c.headingPath.some((h) => plain(h).includes(plain(e.heading!))) ||
            plain(c.text).includes(`${plain(e.heading!)}`),
        )
    if (hit && isProblemBearing(hit.sectionKind)) edgeFound++
    if (hit?.sectionKind === 'edge-case') edgeKind++
    if (verbose) console.log(`  edge ${e.doc}: ${hit ? hit.sectionKind : 'NOT LOCATED'}`)
  }
  const problemDocs = [...key.problemDocs].filter((d) => all.has(d))
  const withProblem = problemDocs.filter((d) => all.get(d)!.some((c) => isProblemBearing(c.sectionKind)))
  if (verbose)
    for (const d of problemDocs.filter((x) => !withProblem.includes(x)))
      console.log(`  no problem chunk: ${d}`)
  const bg = [...key.background].filter((d) => all.has(d)).flatMap((d) => all.get(d)!.map((c) => ({ d, c })))
  const bgProblem = bg.filter(({ c }) => isProblemBearing(c.sectionKind))
  if (verbose)
    for (const { d, c } of bgProblem)
      console.log(
        `  background chunk → ${c.sectionKind}: ${d} [${c.headingPath.slice(1).join(' > ')}] ${c.text.slice(0, 80).replace(/\n/g, ' ')}`,
      )
  console.log(`\n${name}: ${docs.length} documents, ${[...all.values()].flat().length} chunks`)
  console.log(
    `  edge-case sentences in a problem-bearing chunk: ${pct(edgeFound, key.edges.length)}; in an edge-case chunk: ${pct(edgeKind, key.edges.length)}`,
  )
  console.log(
    `  problem documents with a problem-bearing chunk: ${pct(withProblem.length, problemDocs.length)}`,
  )
  console.log(`  background-document chunks classified problem-bearing: ${pct(bgProblem.length, bg.length)}`)
  console.log(
    `  kinds: ${[...kinds]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  )
}

function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
  )
}

if (existsSync(DEV)) {
  const manifest = readFileSync(path.join(DEV, 'key/manifest.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(
      (l) =>
        JSON.parse(l) as {
          path: string
          patterns: string[]
          background: boolean
          hard_negative_for: string[]
        },
    )
  const edges = (
    JSON.parse(readFileSync(path.join(DEV, 'key/edge_cases.json'), 'utf8')) as {
      doc: string
      quote: string
    }[]
  ).map((e) => ({ doc: e.doc, quote: e.quote }))
  report('fde-dev', path.join(DEV, 'docs'), files(path.join(DEV, 'docs')), {
    edges,
    problemDocs: new Set(manifest.filter((m) => m.patterns.length > 0).map((m) => m.path)),
    background: new Set(
      manifest.filter((m) => m.background && m.hard_negative_for.length === 0).map((m) => m.path),
    ),
  })
} else console.log(`fde-dev corpus not found at ${DEV}; skipped`)

const readme = readFileSync(path.join(SAMPLE, 'README.md'), 'utf8')
const primaries = new Set([...readme.matchAll(/^\| P\d \|[^\n]*\| primary \| `([^`]+)`/gm)].map((m) => m[1]!))
const sampleEdges = [...readme.matchAll(/^\| E\d \|[^|]*\| `([^`]+)` \| ([^|]+?) \|/gm)].map((m) => ({
  doc: m[1]!,
  heading: m[2]!.split(' / ')[0]!.split(':')[0]!.trim(),
}))
report(
  'sample',
  SAMPLE,
  files(SAMPLE).filter((f) => f.startsWith('customers/')),
  {
    edges: sampleEdges,
    problemDocs: primaries,
    background: new Set(),
  },
)
