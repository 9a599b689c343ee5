/**
 * Keyed corpora for the insight benchmark: the sample corpus (its README is the key) and every
 * `<dir>/docs` + `<dir>/key/` corpus under `../shared/corpora-keyed/`, read into one shape.
 * Paths are relative to the folder that is ingested, as `documents.source_path` stores them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/** A planted cross-customer pattern. */
export interface PlantedPattern {
  id: string
  /** Documents that are occurrences of the problem. */
  docs: string[]
  customers: string[]
  /** `rising` | `new` | `spike` | `steady` | `fading`, or null when the key gives none. */
  expectedTrend: string | null
  /** Look-alike documents with another cause: must stay out of the pattern. */
  hardNegatives: string[]
  /** Documents that only mention the problem: neither for nor against a match. */
  mentions: string[]
}

/** What a digest of one period must show (the key's `digest_expectations.json`). */
export interface DigestKey {
  from: string
  to: string
  spike: string[]
  new: string[]
  rising: string[]
  notRising: string[]
  incidents: string[]
  edgeDocs: string[]
}

/** One keyed corpus. */
export interface KeyedCorpus {
  name: string
  /** Folder to ingest. */
  root: string
  /** True date per document (`YYYY-MM-DD`). */
  dates: Map<string, string>
  /** Customer per document, where the key gives it. */
  customerOf: Map<string, string>
  patterns: PlantedPattern[]
  /** One-off edge cases: id and document. */
  edges: { id: string; doc: string }[]
  digest: DigestKey | null
}

function trendOf(text: string): string | null {
  const t = text.toLowerCase()
  if (/recent only/.test(t)) return 'new'
  if (/grow|rising/.test(t)) return 'rising'
  if (/fading/.test(t)) return 'fading'
  if (/steady|spread/.test(t)) return 'steady'
  return null
}

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? walk(full, base) : [path.relative(base, full)]
  })
}

/** The sample corpus (`examples/corpus`): key tables of its README, dates from file names. */
export function sampleCorpus(dir: string): KeyedCorpus {
  const readme = readFileSync(path.join(dir, 'README.md'), 'utf8')
  const root = path.join(dir, 'customers')
  const patterns = new Map<string, PlantedPattern>()
  const customerOf = new Map<string, string>()
  for (const m of readme.matchAll(/^\| (P\d) \| [^|]+ \| [^|]+ \| ([^|]+) \|$/gm)) {
    patterns.set(m[1]!, {
      id: m[1]!,
      docs: [],
      customers: [],
      expectedTrend: trendOf(m[2]!),
      hardNegatives: [],
      mentions: [],
    })
  }
  for (const m of readme.matchAll(
    /^\| (P\d) \| [\d-]+ \| ([^|]+) \| (primary|mention) \| `customers\/([^`]+)`/gm,
  )) {
    const p = patterns.get(m[1]!)!
    customerOf.set(m[4]!, m[2]!.trim())
    if (m[3] === 'primary') {
      if (!p.docs.includes(m[4]!)) p.docs.push(m[4]!)
      if (!p.customers.includes(m[2]!.trim())) p.customers.push(m[2]!.trim())
    } else p.mentions.push(m[4]!)
  }
  const edges = [...readme.matchAll(/^\| (E\d) \| [^|]+ \| `customers\/([^`]+)`/gm)].map((m) => ({
    id: m[1]!,
    doc: m[2]!,
  }))
  const dates = new Map<string, string>()
  for (const file of walk(root)) {
    const m = /(\d{4}-\d{2}-\d{2})/.exec(path.basename(file))
    if (m) dates.set(file, m[1]!)
  }
  return { name: 'sample', root, dates, customerOf, patterns: [...patterns.values()], edges, digest: null }
}

interface DigestJson {
  week: { start: string; end: string }
  flag: { spike: string[]; new: string[]; rising: string[] }
  must_not_report_as_rising: string[]
  incidents_in_week: { path: string }[]
  edge_cases_in_week: { doc: string }[]
}

/** A corpus laid out as `<dir>/docs` + `<dir>/key/{manifest.jsonl,patterns.json,…}`. */
export function keyedCorpus(dir: string): KeyedCorpus {
  const key = (f: string) => path.join(dir, 'key', f)
  const dates = new Map<string, string>()
  const customerOf = new Map<string, string>()
  for (const line of readFileSync(key('manifest.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue
    const row = JSON.parse(line) as { path: string; date: string; customer: string }
    dates.set(row.path, row.date)
    customerOf.set(row.path, row.customer)
  }
  const raw = JSON.parse(readFileSync(key('patterns.json'), 'utf8')) as {
    id: string
    docs: string[]
    customers: string[]
    expected_trend?: string
    hard_negatives?: { doc: string }[]
    mentions_in_passing?: string[]
  }[]
  const patterns = raw.map((p) => ({
    id: p.id,
    docs: p.docs,
    customers: p.customers,
    expectedTrend: p.expected_trend ?? null,
    hardNegatives: (p.hard_negatives ?? []).map((h) => h.doc),
    mentions: p.mentions_in_passing ?? [],
  }))
  const edges = (
    JSON.parse(readFileSync(key('edge_cases.json'), 'utf8')) as { id: string; doc: string }[]
  ).map((e) => ({ id: e.id, doc: e.doc }))
  let digest: DigestKey | null = null
  if (existsSync(key('digest_expectations.json'))) {
    const d = JSON.parse(readFileSync(key('digest_expectations.json'), 'utf8')) as DigestJson
    digest = {
      from: d.week.start,
      to: d.week.end,
      spike: d.flag.spike,
      new: d.flag.new,
      rising: d.flag.rising,
      notRising: d.must_not_report_as_rising,
      incidents: d.incidents_in_week.map((i) => i.path),
      edgeDocs: d.edge_cases_in_week.map((e) => e.doc),
    }
  }
  return {
    name: path.basename(dir),
    root: path.join(dir, 'docs'),
    dates,
    customerOf,
    patterns,
    edges,
    digest,
  }
}

/** Every keyed corpus found: the sample, then `<keyedDir>/*` with a `docs/` and a `key/`. */
export function discoverCorpora(sampleDir: string, keyedDir: string): KeyedCorpus[] {
  const out: KeyedCorpus[] = []
  if (existsSync(path.join(sampleDir, 'README.md'))) out.push(sampleCorpus(sampleDir))
  if (existsSync(keyedDir)) {
    for (const name of readdirSync(keyedDir).sort()) {
      const dir = path.join(keyedDir, name)
      if (existsSync(path.join(dir, 'docs')) && existsSync(path.join(dir, 'key', 'patterns.json')))
        out.push(keyedCorpus(dir))
    }
  }
  return out
}
