/**
 * A pattern as a product brief (markdown or JSON, ready to paste into a ticket) and all patterns
 * as CSV for a spreadsheet. Pure: the pattern and the chunks it quotes come in as data.
 */
import { stringify } from 'csv-stringify/sync'
import type { Brief, BriefEvidence, PatternFull, PatternRow } from '../schemas/workflow.ts'
import type { BriefChunk } from './brief-load.ts'

/** Evidence excerpts and known fixes quoted per brief (one per document, by date). */
export const BRIEF_QUOTES = 5

// Section kinds (ingest/sections) that say how a problem was solved or worked around.
const FIX_KINDS = new Set(['fix', 'workaround'])

function onePerDocument(chunks: readonly BriefChunk[]): BriefChunk[] {
  const best = new Map<number, BriefChunk>()
  for (const c of chunks) {
    const had = best.get(c.documentId)
    if (!had || c.similarity > had.similarity) best.set(c.documentId, c)
  }
  return [...best.values()].sort((a, b) => a.date.localeCompare(b.date) || a.documentId - b.documentId)
}

/**
 * `text` flattened to one paragraph and cut after a sentence near `max` characters. Unlike the
 * listing excerpt it keeps `_` and `*`, so identifiers such as `embedding_model` survive a paste.
 */
function quoteText(text: string, max = 400): string {
  const flat = text
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (flat.length <= max) return flat
  const head = flat.slice(0, max + 1)
  let cut = -1
  for (const m of head.matchAll(/[.!?](?=\s)/g)) if (m.index <= max) cut = m.index
  if (cut >= max / 3) return head.slice(0, cut + 1)
  const space = head.lastIndexOf(' ', max - 1)
  return `${head.slice(0, space > 0 ? space : max - 1).trimEnd()}…`
}

function quote(c: BriefChunk, base: string): BriefEvidence {
  return {
    customer: c.customer,
    date: c.date,
    title: c.title,
    heading: c.headingPath.at(-1) ?? null,
    excerpt: quoteText(c.text),
    url: `${base}/documents/${c.documentId}#chunk-${c.chunkId}`,
  }
}

/**
 * The brief of `pattern`: problem, customers, dates, trend, evidence (member excerpts other than
 * fixes, the newest {@link BRIEF_QUOTES} documents), known fixes (fix/workaround sections of the
 * member documents) and the workflow.
 * @example buildBrief(await getPatternFull(db, id), await briefChunks(db, id), config.server.publicUrl)
 */
export function buildBrief(pattern: PatternFull, chunks: readonly BriefChunk[], publicUrl: string): Brief {
  const base = publicUrl.replace(/\/+$/, '')
  const newest = (xs: BriefChunk[]) => xs.slice(-BRIEF_QUOTES)
  const isFix = (c: BriefChunk) => FIX_KINDS.has(c.sectionKind)
  const problems = chunks.filter((c) => c.member && !isFix(c))
  return {
    id: pattern.id,
    title: pattern.label,
    problem: pattern.summary ?? pattern.excerpt,
    customers: pattern.customers,
    customerCount: pattern.customerCount,
    documentCount: pattern.documentCount,
    firstSeen: pattern.firstSeen,
    lastSeen: pattern.lastSeen,
    trend: pattern.trend,
    regressed: pattern.regressed,
    url: `${base}/patterns/${pattern.id}`,
    evidence: newest(onePerDocument(problems.length > 0 ? problems : chunks.filter((c) => c.member))).map(
      (c) => quote(c, base),
    ),
    knownFixes: newest(onePerDocument(chunks.filter(isFix))).map((c) => quote(c, base)),
    workflow: pattern.workflow,
  }
}

// Markdown that would change the brief's structure when pasted: escape it in one-line fields.
const inline = (s: string) => s.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1')
// Quoted text keeps its inline code and emphasis; only links, HTML and tables are neutralised.
const quotedText = (s: string) => s.replace(/\s+/g, ' ').replace(/([\\[\]<>|])/g, '\\$1')

function quoted(e: BriefEvidence): string[] {
  const where = [e.customer, e.date, e.heading ? `${e.title} › ${e.heading}` : e.title].map(inline).join(', ')
  return [`- ${where} ([source](${e.url}))`, `  > ${quotedText(e.excerpt)}`]
}

/** The brief as markdown: a heading, the facts as a list, evidence, known fixes and the workflow. */
export function renderBriefMarkdown(b: Brief): string {
  const w = b.workflow
  const lines = [
    `# ${inline(b.title)}${b.regressed ? ' (regressed)' : ''}`,
    '',
    `**Problem:** ${inline(b.problem)}`,
    '',
    `- Customers (${b.customerCount}): ${b.customers.map(inline).join(', ')}`,
    `- Documents: ${b.documentCount}`,
    `- First seen: ${b.firstSeen}; last seen: ${b.lastSeen}`,
    `- Trend: ${b.trend}`,
    `- Status: ${w.status}${w.fixedOn ? ` (fixed on ${w.fixedOn})` : ''}${b.regressed ? ' — regressed: seen again after the fix' : ''}`,
    `- Owner: ${w.owner ? inline(w.owner) : 'unassigned'}`,
    `- Tickets: ${w.tickets.length > 0 ? w.tickets.map((t) => `<${t}>`).join(', ') : 'none'}`,
    `- Pattern: <${b.url}>`,
  ]
  if (w.carriedFrom.length > 0) {
    lines.push(`- Carried from: ${w.carriedFrom.map((c) => `${inline(c.label)} (${c.id})`).join(', ')}`)
  }
  lines.push('', '## Evidence', '')
  for (const e of b.evidence) lines.push(...quoted(e))
  lines.push('', '## Known fixes', '')
  if (b.knownFixes.length === 0) lines.push('None recorded in the member documents.')
  for (const e of b.knownFixes) lines.push(...quoted(e))
  if (w.notes) lines.push('', '## Notes', '', ...w.notes.split(/\r?\n/).map((l) => `> ${l}`))
  return `${lines.join('\n')}\n`
}

/** Columns of the patterns CSV, in order. */
export const CSV_COLUMNS = [
  'rank',
  'id',
  'title',
  'status',
  'regressed',
  'owner',
  'tickets',
  'customer_count',
  'customers',
  'document_count',
  'first_seen',
  'last_seen',
  'trend',
  'url',
] as const

/**
 * A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a
 * leading apostrophe (OWASP CSV injection advice).
 * @example defuse('=HYPERLINK("x")') // → "'=HYPERLINK(\"x\")"
 */
export function defuse(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
}

/** Every pattern as CSV (RFC 4180, header row, CRLF), formula-looking cells defused. */
export function patternsCsv(rows: readonly PatternRow[], publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, '')
  const records = rows.map((p) =>
    [
      String(p.rank),
      p.id,
      p.label,
      p.status,
      p.regressed ? 'yes' : 'no',
      p.owner ?? '',
      p.tickets.join(' '),
      String(p.customerCount),
      p.customers.join('; '),
      String(p.documentCount),
      p.firstSeen,
      p.lastSeen,
      p.trend,
      `${base}/patterns/${p.id}`,
    ].map(defuse),
  )
  return stringify(records, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' })
}
