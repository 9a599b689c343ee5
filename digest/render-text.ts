/** The plain-text alternative of the digest e-mail (also what `fieldkb digest` prints). */
import type { Digest, DigestPattern } from '../schemas/digest.ts'
import { delta } from './changes.ts'
import { count, digestSubject, typeBreakdown } from './format.ts'
import { leadershipText, textVersus } from './text-parts.ts'

const WIDTH = 76

/**
 * Word-wrap `text` to `width` columns: the first line starts with `first`, the others with
 * `indent` (long words and URLs stay whole rather than broken).
 * @example wrap('a b c', 3, '  ') // → '  a\n  b\n  c'
 */
export function wrap(text: string, width = WIDTH, indent = '', first = indent): string {
  const lines: string[] = []
  let line = ''
  const prefix = () => (lines.length === 0 ? first : indent)
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && prefix().length + line.length + 1 + word.length > width) {
      lines.push(prefix() + line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  if (line !== '') lines.push(prefix() + line)
  return lines.join('\n')
}

/** A `label: value` line, the value wrapped under itself. */
function field(label: string, value: string): string {
  const first = `  ${`${label}:`.padEnd(25)}`
  return wrap(value, WIDTH, ' '.repeat(first.length), first)
}

function heading(title: string): string {
  return `${title.toUpperCase()}\n${'-'.repeat(title.length)}`
}

function patternLines(p: DigestPattern, i: number): string {
  const stats =
    `${count(p.customerCount, 'customer', 'customers')}, ${count(p.documentCount, 'document', 'documents')} ` +
    `(${p.periodDocumentCount} in this period, ${p.previousPeriodDocumentCount} in the period before), ` +
    `trend: ${p.trend}, first seen ${p.firstSeen}`
  return [
    wrap(`${i + 1}. ${p.label}`, WIDTH, '     ', '  '),
    wrap(stats, WIDTH, '     '),
    ...(p.customers.length > 0 ? [wrap(`at ${p.customers.join(', ')}`, WIDTH, '     ')] : []),
    ...(p.fix ? [wrap(`What fixed it: ${p.fix}`, WIDTH, '     ')] : []),
    `     ${p.url}`,
  ].join('\n')
}

function patternSection(title: string, patterns: DigestPattern[], empty: string): string {
  return [heading(title), patterns.length > 0 ? patterns.map(patternLines).join('\n\n') : `  ${empty}`].join(
    '\n',
  )
}

/**
 * Render the digest as plain text (UTF-8, ~76 columns, every link written out in full).
 * @example process.stdout.write(renderText(digest))
 */
export function renderText(d: Digest): string {
  const h = d.headline
  const noInsights = d.insightsAvailable ? '' : ' (pattern mining has not run yet)'
  const out: string[] = [
    digestSubject(d),
    `${d.period.from} to ${d.period.to} (both inclusive, ${d.period.timezone})`,
    ...(d.periodNote ? [wrap(`Note: ${d.periodNote}`, WIDTH)] : []),
    '',
  ]
  if (d.executiveSummary) out.push(heading('Summary'), wrap(d.executiveSummary, WIDTH, '  '), '')
  const types = typeBreakdown(h.byType, true)
  const before = d.previousPeriod
  const sev = Object.entries(h.bySeverity)
    .filter(([k, n]) => k !== 'unknown' || n > 0)
    .map(([k, n]) => `${k} ${n} (${delta(n, before.bySeverity[k as keyof typeof before.bySeverity])})`)
    .join(', ')
  const who = h.customers.length > 0 ? ` (${h.customers.join(', ')})` : ''
  out.push(
    heading('Headline numbers'),
    field('Documents', `${h.documents} (${types})${textVersus(h.documents, before.documents)}`),
    field(
      'Active customers',
      `${h.activeCustomers}${who}${textVersus(h.activeCustomers, before.activeCustomers)}`,
    ),
    field('Incidents', `${h.incidents} (${sev})${textVersus(h.incidents, before.incidents)}`),
    field(
      'Cross-customer patterns',
      `${h.crossCustomerPatterns}${d.insightsAvailable ? textVersus(h.crossCustomerPatterns, before.crossCustomerPatterns) : noInsights}`,
    ),
    field(
      'Previous period',
      `${d.previousPeriod.from} to ${d.previousPeriod.to}: ${count(d.previousPeriod.documents, 'document', 'documents')}, ` +
        `${count(d.previousPeriod.incidents, 'incident', 'incidents')}, ` +
        `${count(d.previousPeriod.activeCustomers, 'active customer', 'active customers')}`,
    ),
    '',
    ...leadershipText(d, heading, wrap),
    patternSection(
      'Rising and new patterns',
      d.risingPatterns,
      `No cross-customer pattern is rising${noInsights}.`,
    ),
    '',
    patternSection('Top cross-customer patterns', d.topPatterns, `None active in this period${noInsights}.`),
    '',
    patternSection('New patterns this period', d.newPatterns, 'No new cross-customer pattern.'),
    '',
    heading('Notable incidents (sev1/sev2)'),
  )
  if (d.notableIncidents.length === 0) out.push('  No sev1 or sev2 incident in this period.')
  for (const i of d.notableIncidents) {
    out.push(
      wrap(`[${i.severity}] ${i.title}`, WIDTH, '     ', '  '),
      `     ${i.customer}, ${i.date}`,
      wrap(`Root cause: ${i.rootCause ?? 'not stated in the report.'}`, WIDTH, '     '),
      `     ${i.url}`,
      '',
    )
  }
  if (d.notableIncidents.length === 0) out.push('')
  if (d.otherIncidents.length > 0) {
    out.push(heading('Other incidents'))
    for (const i of d.otherIncidents)
      out.push(
        wrap(`[${i.severity ?? 'sev?'}] ${i.title} (${i.customer}, ${i.date})`, WIDTH, '     ', '  '),
        `     ${i.url}`,
      )
    out.push('')
  }
  out.push(heading('New edge cases'))
  if (d.edgeCases.length === 0) out.push(`  No new edge case in this period${noInsights}.`, '')
  for (const e of d.edgeCases) {
    out.push(
      wrap(e.title, WIDTH, '     ', '  '),
      wrap(`${e.customer}, ${e.date}${e.heading ? ` · ${e.heading}` : ''}`, WIDTH, '     '),
      wrap(e.excerpt, WIDTH, '     '),
      `     ${e.url}`,
      '',
    )
  }
  out.push(
    '--',
    `Open fieldkb:  ${d.links.home}`,
    `All patterns:  ${d.links.patterns}`,
    `Generated ${d.generatedAt} by fieldkb.`,
  )
  return `${out.join('\n')}\n`
}
