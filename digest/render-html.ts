/** The HTML part of the digest e-mail: a 640px table layout with inline styles only. */

import { escapeHtml as e } from '../lib/html.ts'
import type { Digest, DigestPattern } from '../schemas/digest.ts'
import { count, digestSubject, typeBreakdown } from './format.ts'
import { acknowledged, barChart, severityDeltas, versus, weekBars, whatChanged } from './html-charts.ts'
import { badge, link, S } from './html-kit.ts'

const TABLE = 'role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"'

function section(title: string, body: string): string {
  return `<tr><td style="${S.section}"><p style="${S.h2}">${e(title)}</p>${body}</td></tr>`
}

function rows(items: string[], empty: string): string {
  if (items.length === 0) return `<p style="${S.muted};margin:0 0 8px 0;">${e(empty)}</p>`
  return `<table ${TABLE}>${items.map((r) => `<tr><td style="${S.row}">${r}</td></tr>`).join('')}</table>`
}

function stat(value: number, label: string, detail: string): string {
  return (
    `<td width="25%" style="${S.stat}"><div style="${S.statValue}">${e(value)}</div>` +
    `<div style="${S.statLabel}">${e(label)}</div><div style="${S.statLabel}">${e(detail)}</div></td>`
  )
}

function headline(d: Digest): string {
  const h = d.headline
  const p = d.previousPeriod
  const cells = [
    stat(h.documents, 'documents', versus(h.documents, p.documents)),
    stat(h.activeCustomers, 'customers', versus(h.activeCustomers, p.activeCustomers)),
    stat(h.incidents, 'incidents', versus(h.incidents, p.incidents)),
    stat(
      h.crossCustomerPatterns,
      'patterns',
      d.insightsAvailable ? versus(h.crossCustomerPatterns, p.crossCustomerPatterns) : 'not mined yet',
    ),
  ]
  const types = typeBreakdown(h.byType) || 'no documents'
  const who =
    h.customers.length > 0 ? `<p style="${S.muted};margin:8px 0 0 0;">${e(h.customers.join(' · '))}</p>` : ''
  return (
    `<table ${TABLE} style="border-collapse:separate;border-spacing:4px 0;table-layout:fixed;"><tr>${cells.join('')}</tr></table>` +
    `<p style="${S.muted};margin:8px 0 0 0;">${e(types)} · incidents by severity: ${e(severityDeltas(d))}</p>${who}`
  )
}

function pattern(p: DigestPattern): string {
  const stats =
    `${count(p.customerCount, 'customer', 'customers')} · ${count(p.documentCount, 'document', 'documents')} ` +
    `(${p.periodDocumentCount} this period, ${p.previousPeriodDocumentCount} the period before) · first seen ${p.firstSeen}`
  return (
    `<strong>${link(p.url, p.label)}</strong> ${badge(p.trend)}` +
    `<div style="${S.muted}">${e(stats)} · ${link(p.searchUrl, 'search')}</div>` +
    (p.customers.length > 0 ? `<div style="${S.muted}">${e(p.customers.join(' · '))}</div>` : '') +
    (p.fix ? `<div style="${S.text}"><em>What fixed it:</em> ${e(p.fix)}</div>` : '')
  )
}

function incidents(d: Digest): string {
  return rows(
    d.notableIncidents.map(
      (i) =>
        `${badge(i.severity ?? 'sev?')} <strong>${link(i.url, i.title)}</strong>` +
        `<div style="${S.muted}">${e(i.customer)} · ${e(i.date)}</div>` +
        `<div style="${S.text}"><em>Root cause:</em> ${e(i.rootCause ?? 'not stated in the report.')}</div>`,
    ),
    'No sev1 or sev2 incident in this period.',
  )
}

function otherIncidents(d: Digest): string {
  return rows(
    d.otherIncidents.map(
      (i) =>
        `${badge(i.severity ?? 'sev?')} ${link(i.url, i.title)}` +
        `<div style="${S.muted}">${e(i.customer)} · ${e(i.date)}</div>`,
    ),
    'No other incident in this period.',
  )
}

function comparison(d: Digest): string {
  const p = d.previousPeriod
  return (
    `<p style="${S.muted};margin:8px 0 0 0;">Previous period (${e(p.from)} to ${e(p.to)}): ` +
    `${e(count(p.documents, 'document', 'documents'))}, ${e(count(p.incidents, 'incident', 'incidents'))}, ` +
    `${e(count(p.activeCustomers, 'active customer', 'active customers'))}.</p>`
  )
}

function edgeCases(d: Digest, suffix: string): string {
  return rows(
    d.edgeCases.map(
      (c) =>
        `<strong>${link(c.url, c.title)}</strong>` +
        `<div style="${S.muted}">${e(c.customer)} · ${e(c.date)}${c.heading ? ` · ${e(c.heading)}` : ''}</div>` +
        `<div style="${S.text}">${e(c.excerpt)}</div>`,
    ),
    `No new edge case in this period${suffix}.`,
  )
}

/**
 * Render the digest as a self-contained HTML e-mail: nested tables, inline CSS, no external
 * assets, every interpolated value escaped.
 * @example const html = renderHtml(digest)
 */
export function renderHtml(d: Digest): string {
  const subject = digestSubject(d)
  const suffix = d.insightsAvailable ? '' : ' (pattern mining has not run yet)'
  const summary = d.executiveSummary
    ? section('Summary', `<p style="${S.summary}">${e(d.executiveSummary)}</p>`)
    : ''
  const body = [
    `<tr><td style="${S.header}"><p style="${S.kicker}">fieldkb weekly digest</p>`,
    `<p style="${S.title}">${e(d.period.label)}</p>`,
    `<p style="${S.muted};margin:4px 0 0 0;">${e(d.period.from)} to ${e(d.period.to)}, both inclusive (${e(d.period.timezone)})</p></td></tr>`,
    d.periodNote ? `<tr><td style="${S.section}"><p style="${S.note}">${e(d.periodNote)}</p></td></tr>` : '',
    summary,
    section('Headline numbers', headline(d) + comparison(d)),
    section('What changed', whatChanged(d)),
    section(
      'Activity',
      barChart(d.charts.byCustomer, 'Documents by customer in this period', 'No documents in this period.') +
        barChart(
          weekBars(d.charts.byWeek),
          'Documents per week, last 8 weeks',
          'No documents in these weeks.',
        ),
    ),
    section('Patterns product has acknowledged', acknowledged(d)),
    section(
      'Rising and new patterns',
      rows(d.risingPatterns.map(pattern), `No cross-customer pattern is rising${suffix}.`),
    ),
    section(
      'Top cross-customer patterns',
      rows(d.topPatterns.map(pattern), `No cross-customer pattern active in this period${suffix}.`),
    ),
    section('New patterns this period', rows(d.newPatterns.map(pattern), 'No new cross-customer pattern.')),
    section('Notable incidents (sev1/sev2)', incidents(d)),
    ...(d.otherIncidents.length > 0 ? [section('Other incidents', otherIncidents(d))] : []),
    section('New edge cases', edgeCases(d, suffix)),
    `<tr><td style="${S.footer}">${link(d.links.home, 'Open fieldkb')} · ${link(d.links.patterns, 'All patterns')}`,
    `<br>Generated ${e(d.generatedAt)} by fieldkb from redacted field notes.</td></tr>`,
  ].join('\n')
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(subject)}</title></head>`,
    `<body style="${S.body}">`,
    `<div style="display:none;max-height:0;overflow:hidden;">${e(d.executiveSummary ?? subject)}</div>`,
    `<table ${TABLE} style="${S.outer}"><tr><td align="center" style="padding:16px 4px;">`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${S.card}">`,
    body,
    '</table></td></tr></table></body></html>',
    '',
  ].join('\n')
}
