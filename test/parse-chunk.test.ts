import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { type ChunkOptions, chunk, embeddingText } from '../ingest/chunk.ts'
import { parseSeverity, parseType } from '../ingest/frontmatter.ts'
import { customerFromPath, parseDate, titleFromFileName } from '../ingest/infer.ts'
import { type ParseResult, parse } from '../ingest/parse.ts'
import { countTokens } from '../ingest/tokens.ts'
import { ParseError } from '../lib/errors.ts'
import { Chunk, ParsedDocument } from '../schemas/document.ts'

const FIXTURES = fileURLToPath(new URL('./fixtures/parse/', import.meta.url))
const GOLDEN = fileURLToPath(new URL('./golden/parse/', import.meta.url))
const MTIME = new Date('2026-11-05T10:00:00Z')
const SMALL: ChunkOptions = { targetTokens: 150, overlapTokens: 20, minTokens: 30 }

/** Golden cases: name → fixture path (relative to the fixture root, which plays the ingest root). */
const CASES: { name: string; path: string; options?: ChunkOptions }[] = [
  { name: 'full-frontmatter', path: 'customers/globex-retail/incidents/2026-10-01-checkout-outage.md' },
  { name: 'frontmatter-variants', path: 'customers/initech/field-reports/onsite-week-38.md' },
  { name: 'frontmatter-aliases', path: 'customers/initech/postmortems/badge-reader-aliases.md' },
  { name: 'frontmatter-bad-values', path: 'customers/initech/postmortems/bad-values.md' },
  { name: 'no-frontmatter', path: 'customers/acme-logistics/2026-10-03-warehouse-sync-failure.md' },
  { name: 'malformed-frontmatter', path: 'customers/hooli/reports/quarterly-sync.md' },
  { name: 'unclosed-frontmatter', path: 'customers/hooli/notes/unclosed-frontmatter.md' },
  { name: 'tables-and-code', path: 'customers/umbrella/integrations/sftp-inventory-feed.md' },
  { name: 'huge-code', path: 'customers/umbrella/integrations/importer-retry-tuning.md', options: SMALL },
  { name: 'deep-headings', path: 'customers/wayne-enterprises/docs/identity-integration.md' },
  { name: 'long-section', path: 'customers/stark-industries/field-reports/predictive-maintenance-pilot.md' },
  { name: 'tiny-sections', path: 'customers/stark-industries/field-reports/standup-notes.md' },
  { name: 'html-wiki-export', path: 'customers/cyberdyne/runbooks/vpn-setup.html' },
  { name: 'plain-text', path: 'customers/soylent/weekly/2026-w40-notes.txt' },
  { name: 'crlf-bom', path: 'customers/soylent/incidents/freezer-alarm-storm.md' },
  { name: 'root-level-file', path: 'loose-note.md' },
]

const raw = (path: string) => readFileSync(join(FIXTURES, path), 'utf8')
const load = (path: string): ParseResult => parse({ path, content: raw(path), mtime: MTIME })
const targetOf = (options?: ChunkOptions) => options?.targetTokens ?? 300

/** Lines of `text` that open or close a code fence. */
const fenceLines = (text: string) => text.split('\n').filter((l) => /^\s*`{3,}/.test(l))
/** Cells of a pipe-table row, honouring `\|` escapes. */
const cells = (row: string) =>
  row
    .trim()
    .slice(1, -1)
    .split(/(?<!\\)\|/)
/** Consecutive `|` lines outside code fences, as tables. */
function tablesIn(text: string): string[][] {
  const tables: string[][] = []
  let inFence = false
  let current: string[] = []
  for (const line of [...text.split('\n'), '']) {
    if (/^\s*`{3,}/.test(line)) inFence = !inFence
    if (!inFence && line.startsWith('|')) current.push(line)
    else if (current.length > 0) {
      tables.push(current)
      current = []
    }
  }
  return tables
}

describe('golden outputs (UPDATE_GOLDEN=1 rewrites them)', () => {
  for (const { name, path, options } of CASES) {
    it(name, () => {
      const { tree: _tree, warnings, body, ...meta } = load(path)
      const actual = JSON.parse(JSON.stringify({ meta, warnings, chunks: chunk(load(path), options), body }))
      const file = join(GOLDEN, `${name}.json`)
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(dirname(file), { recursive: true })
        writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`)
      }
      expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')))
    })
  }
})

describe('invariants over every fixture', () => {
  for (const { name, path, options } of CASES) {
    it(name, () => {
      const doc = load(path)
      const chunks = chunk(doc, options)
      const target = targetOf(options)
      const { tree: _tree, ...serialisable } = doc
      expect(() => ParsedDocument.parse(serialisable)).not.toThrow()
      expect(chunks.length).toBeGreaterThan(0)
      expect(chunk(load(path), options)).toEqual(chunks)
      chunks.forEach((c, i) => {
        expect(() => Chunk.parse(c)).not.toThrow()
        expect(c.ordinal).toBe(i)
        expect(c.text.trim()).toBe(c.text)
        expect(c.tokenCount).toBe(countTokens(c.text))
        expect(fenceLines(c.text).length % 2, `unbalanced fences in chunk ${i}`).toBe(0)
        for (const table of tablesIn(c.text)) {
          const width = cells(table[0]!).length
          expect(table[1], 'table part starts with header + alignment row').toMatch(/^\|( :?-+:? \|)+$/)
          for (const row of table) {
            expect(row.endsWith('|') && !row.endsWith('\\|'), `cut row: ${row}`).toBe(true)
            expect(cells(row).length).toBe(width)
          }
        }
        const atomic = /^(#+ .*\n\n)*(`{3,}[^\n]*\n[\s\S]*\n`{3,}|(\|.*\|\n?)+)$/.test(c.text)
        if (!atomic) expect(c.tokenCount, `chunk ${i} too big`).toBeLessThanOrEqual(2 * target)
      })
    })
  }
})

describe('parse', () => {
  it('reports malformed frontmatter with file and file line, and still parses the body', () => {
    const path = 'customers/hooli/reports/quarterly-sync.md'
    const doc = load(path)
    const w = doc.warnings.find((x) => x.code === 'frontmatter-malformed')!
    expect(w.message).toContain(path)
    expect(w.line).toBe(5)
    expect(w.message).toContain(`${path}:5:`)
    expect(raw(path).split('\n')[w.line! - 1]).toBe('summary: Outcome: synonym rollout approved')
    expect(doc.frontmatter).toEqual({})
    expect(doc.body.startsWith('# Quarterly sync')).toBe(true)
    const chunks = chunk(doc)
    expect(chunks.map((c) => c.headingPath)).toEqual([['Quarterly sync']])
    expect(chunks[0]!.text).toContain('## Next steps\n\nHooli wants the synonym list')
  })

  it('points unknown-field warnings at the key line', () => {
    const path = 'customers/initech/field-reports/onsite-week-38.md'
    const lines = raw(path).split('\n')
    for (const w of load(path).warnings.filter((x) => x.code === 'unknown-field')) {
      expect(w.message).toContain(`${path}:${w.line}:`)
      expect(lines[w.line! - 1]).toMatch(/^(team|region):/)
    }
  })

  it('treats a frontmatter that is not a mapping as malformed at line 2', () => {
    const doc = parse({ path: 'acme/x.md', content: '---\n- a\n- b\n---\n# Hi\n', mtime: MTIME })
    expect(doc.warnings[0]).toMatchObject({ code: 'frontmatter-malformed', line: 2 })
    expect(doc.title).toBe('Hi')
  })

  it('accepts an empty frontmatter block silently', () => {
    const doc = parse({ path: 'acme/x.md', content: '---\n---\nBody.\n', mtime: MTIME })
    expect(doc.warnings.map((w) => w.code)).toEqual(['type-inferred', 'date-from-mtime'])
    expect(doc.body).toBe('Body.\n')
  })

  it('does not mistake a leading horizontal rule for unclosed frontmatter', () => {
    const doc = parse({ path: 'acme/x.md', content: '---\n\nJust a rule first.\n', mtime: MTIME })
    expect(doc.warnings.map((w) => w.code)).not.toContain('frontmatter-unclosed')
  })

  it('throws ParseError only for unsupported extensions', () => {
    const bad = () => parse({ path: 'acme/deck.pdf', content: 'x', mtime: MTIME })
    expect(bad).toThrow(ParseError)
    expect(bad).toThrow(/acme\/deck\.pdf.*\.pdf.*\.md, \.markdown, \.txt, \.html, \.htm/)
    expect(parse({ path: 'acme/NOTES.MD', content: '', mtime: MTIME }).format).toBe('markdown')
    expect(chunk(parse({ path: 'acme/empty.md', content: '\n\n', mtime: MTIME }))).toEqual([])
  })

  it('keeps fixtures byte-exact: BOM and CRLF really are there', () => {
    const content = raw('customers/soylent/incidents/freezer-alarm-storm.md')
    expect(content.charCodeAt(0)).toBe(0xfeff)
    expect(content).toContain('\r\n')
  })

  it('drops everything from script, style, nav, header, footer and noscript in HTML', () => {
    const doc = load('customers/cyberdyne/runbooks/vpn-setup.html')
    const all = [doc.body, doc.title, ...chunk(doc).map((c) => c.text)].join('\n')
    for (const marker of [
      'SCRIPT_MARKER',
      'NOSCRIPT_MARKER',
      'font-family',
      'Cyberdyne Wiki',
      'Last edited',
      'Home',
    ]) {
      expect(all).not.toContain(marker)
    }
  })

  it('normalises severity aliases', () => {
    const cases: [unknown, string | null][] = [
      ['sev1', 'sev1'],
      ['SEV-1', 'sev1'],
      ['S1', 'sev1'],
      ['P1', 'sev1'],
      [1, 'sev1'],
      ['critical', 'sev1'],
      ['P0', 'sev1'],
      ['sev 2', 'sev2'],
      ['high', 'sev2'],
      ['Medium', 'sev3'],
      ['p3', 'sev3'],
      ['low', 'sev4'],
      [4, 'sev4'],
      ['P5', null],
      ['urgent', null],
      ['', null],
    ]
    for (const [input, expected] of cases) expect(parseSeverity(input), String(input)).toBe(expected)
  })

  it('normalises type aliases', () => {
    const cases: [string, string | null][] = [
      ['fieldreport', 'field-report'],
      ['Field Report', 'field-report'],
      ['report', 'field-report'],
      ['incident', 'incident'],
      ['postmortem', 'incident'],
      ['Post-Mortem', 'incident'],
      ['integration', 'integration-doc'],
      ['Integration Doc', 'integration-doc'],
      ['runbook', 'integration-doc'],
      ['how-to', 'integration-doc'],
      ['runbooks', 'integration-doc'],
      ['memo', null],
    ]
    for (const [input, expected] of cases) expect(parseType(input), input).toBe(expected)
  })

  it('parses dates from YAML values and common spellings', () => {
    expect(parseDate(new Date('2026-10-01T00:00:00Z'))).toBe('2026-10-01')
    expect(parseDate('2026-10-01')).toBe('2026-10-01')
    expect(parseDate('2026/10/1')).toBe('2026-10-01')
    expect(parseDate('2026-10-01T23:30:00-05:00')).toBe('2026-10-01')
    expect(parseDate('Oct 1, 2026')).toBe('2026-10-01')
    expect(parseDate('1 October 2026')).toBe('2026-10-01')
    expect(parseDate('2026-02-30')).toBeNull()
    expect(parseDate('next tuesday')).toBeNull()
    expect(parseDate(20261001)).toBeNull()
  })

  it('derives customer and title from the path', () => {
    expect(customerFromPath('customers/acme-logistics/incidents/x.md')).toBe('Acme Logistics')
    expect(customerFromPath('customer/blue_sky/x.md')).toBe('Blue Sky')
    expect(customerFromPath('globex/x.md')).toBe('Globex')
    expect(customerFromPath('customers/x.md')).toBeNull()
    expect(customerFromPath('x.md')).toBeNull()
    expect(titleFromFileName('a/2026-10-01-api_outage.md')).toBe('Api outage')
    expect(titleFromFileName('a/2026-10-01.md')).toBe('2026-10-01')
  })
})

describe('chunk', () => {
  it('splits a large table between rows, repeating the header, each row exactly once', () => {
    const path = 'customers/umbrella/integrations/sftp-inventory-feed.md'
    const header = '| Code | Meaning | What to do |'
    const parts = chunk(load(path)).filter((c) => c.text.includes(header))
    expect(parts.length).toBeGreaterThan(1)
    const rows = parts.flatMap((c) => tablesIn(c.text).flatMap((t) => (t[0] === header ? t.slice(2) : [])))
    const source = raw(path)
      .split('\n')
      .filter((l) => l.startsWith('| E10'))
    expect(rows).toEqual(source)
  })

  it('keeps code blocks whole up to 4× target and splits bigger ones at line boundaries', () => {
    const path = 'customers/umbrella/integrations/importer-retry-tuning.md'
    const chunks = chunk(load(path), SMALL)
    const retry = chunks.filter((c) => c.text.includes('retry_'))
    expect(retry).toHaveLength(1)
    expect(retry[0]!.tokenCount).toBeGreaterThan(150)
    expect(retry[0]!.text).toContain('retry_1:')
    expect(retry[0]!.text).toContain('retry_12:')
    const logParts = chunks.flatMap((c) => c.text.match(/```text\n[\s\S]*?\n```/g) ?? [])
    expect(logParts.length).toBeGreaterThan(1)
    const logLines = logParts.flatMap((part) => part.split('\n').slice(1, -1))
    expect(logLines).toEqual(
      raw(path)
        .split('\n')
        .filter((l) => l.startsWith('2026-09-02T')),
    )
  })

  it('overlaps consecutive chunks of a long section by whole trailing sentences', () => {
    const chunks = chunk(load('customers/stark-industries/field-reports/predictive-maintenance-pilot.md'))
    expect(chunks.length).toBeGreaterThan(2)
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1]!.text
      const next = chunks[i]!.text
      const shared = [...next.split(/(?<=\.) /)].filter((s) => prev.includes(s))
      expect(shared.length, `chunk ${i} has overlap`).toBeGreaterThan(0)
      expect(countTokens(shared.join(' '))).toBeLessThanOrEqual(40)
      expect(prev.endsWith(shared.at(-1)!)).toBe(true)
    }
  })

  it('cuts a sentence longer than the target between words', () => {
    const chunks = chunk(parse({ path: 'acme/x.md', content: 'word '.repeat(1000), mtime: MTIME }))
    expect(chunks.length).toBe(4)
    expect(chunks.every((c) => c.tokenCount <= 300)).toBe(true)
    expect(chunks.flatMap((c) => c.text.split(' '))).toHaveLength(1000)
  })

  it('merges tiny sibling sections under their common heading, writing their headings into the text', () => {
    const chunks = chunk(load('customers/stark-industries/field-reports/standup-notes.md'))
    expect(chunks.map((c) => c.headingPath)).toEqual([
      ['Daily stand-up notes'],
      ['Daily stand-up notes', 'Next week'],
    ])
    expect(chunks[0]!.text.startsWith('## Monday\n\nGateway firmware')).toBe(true)
    expect(chunks[1]!.text).toContain('### Asks')
  })

  it('gives heading paths through skipped levels and never merges cousins', () => {
    const paths = chunk(load('customers/wayne-enterprises/docs/identity-integration.md')).map(
      (c) => c.headingPath,
    )
    expect(paths).toContainEqual(['Identity provider integration', 'Operations', 'Alerts'])
    expect(paths.at(-1)).toEqual(['Identity provider integration', 'Contacts'])
  })

  it('builds the embedding text from title, customer, heading path and text', () => {
    const c = { ordinal: 0, headingPath: ['Incident', 'Impact'], text: 'Checkout down.', tokenCount: 4 }
    expect(embeddingText({ title: 'Outage', customer: 'Acme' }, c)).toBe(
      'Outage — Acme\nIncident > Impact\n\nCheckout down.',
    )
    expect(embeddingText({ title: 'Outage', customer: 'Acme' }, { ...c, headingPath: [] })).toBe(
      'Outage — Acme\n\nCheckout down.',
    )
  })

  it('estimates ~1.3 tokens per English word, deterministically', () => {
    const text = raw('customers/stark-industries/field-reports/predictive-maintenance-pilot.md')
    const words = text.split(/\s+/).filter(Boolean).length
    const ratio = countTokens(text) / words
    expect(ratio).toBeGreaterThan(1.1)
    expect(ratio).toBeLessThan(1.6)
    expect(countTokens('The API returned 502.')).toBe(6)
    expect(countTokens('')).toBe(0)
  })
})
