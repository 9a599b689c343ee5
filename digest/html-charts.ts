/**
 * Leadership sections of the HTML digest: "what changed", acknowledged patterns, and bar charts.
 *
 * Charts are HTML table cells, not SVG or images: Gmail and Outlook drop inline SVG, and a PNG
 * would need a CID attachment the in-app page cannot show the same way. A bar is a nested table
 * whose `width` percentage is the value — every client renders it, it scales to a phone, and the
 * number is written next to it, so the chart still reads with styles off.
 */

import { escapeHtml as e } from '../lib/html.ts'
import type { Digest, DigestBar } from '../schemas/digest.ts'
import { delta } from './changes.ts'
import { count } from './format.ts'
import { badge, FONT, link, S } from './html-kit.ts'

const TABLE = 'role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"'
const BAR_COLOUR = '#2563eb'

/** A horizontal bar chart: label, bar (share of the largest value), value. */
export function barChart(bars: readonly DigestBar[], caption: string, empty: string): string {
  if (bars.length === 0 || bars.every((b) => b.value === 0)) {
    return `<p style="${S.muted};margin:0 0 8px 0;">${e(empty)}</p>`
  }
  const max = Math.max(...bars.map((b) => b.value))
  const cell = `${FONT};font-size:12px;line-height:16px;color:#374151;padding:2px 0;vertical-align:middle;`
  const rows = bars.map((b) => {
    const pct = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * 100))
    const bar =
      pct === 0
        ? ''
        : `<table role="presentation" width="${pct}%" cellpadding="0" cellspacing="0" border="0"><tr>` +
          `<td height="12" style="background-color:${BAR_COLOUR};height:12px;font-size:0;line-height:0;">&nbsp;</td></tr></table>`
    return (
      `<tr><td width="38%" style="${cell}padding-right:8px;word-break:break-word;">${e(b.label)}</td>` +
      `<td style="${cell}">${bar}</td>` +
      `<td width="36" align="right" style="${cell}padding-left:6px;font-weight:bold;">${e(b.value)}</td></tr>`
    )
  })
  return (
    `<p style="${S.muted};margin:0 0 4px 0;">${e(caption)}</p>` +
    `<table ${TABLE} style="table-layout:fixed;margin-bottom:12px;">${rows.join('')}</table>`
  )
}

/** Week bars labelled "Week of 16 Nov". */
export function weekBars(bars: readonly DigestBar[]): DigestBar[] {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  return bars.map((b) => ({
    label: `Week of ${Number(b.label.slice(8))} ${months[Number(b.label.slice(5, 7)) - 1]}`,
    value: b.value,
  }))
}

/** The "what changed" bullets. */
export function whatChanged(d: Digest): string {
  if (d.whatChanged.length === 0) {
    return `<p style="${S.muted};margin:0 0 8px 0;">No new, rising or regressed cross-customer pattern in this period.</p>`
  }
  const items = d.whatChanged.map(
    (c) =>
      `<tr><td style="${S.row}">${badge(c.kind)} <strong>${link(c.url, c.label)}</strong>` +
      `<div style="${S.muted}">${e(count(c.customerCount, 'customer', 'customers'))} · ` +
      `${e(c.periodDocumentCount)} this period, ${e(c.previousPeriodDocumentCount)} the period before</div></td></tr>`,
  )
  return `<table ${TABLE}>${items.join('')}</table>`
}

/** One headline delta, e.g. "+3 vs 9". */
export function versus(now: number, before: number): string {
  return `${delta(now, before)} vs ${before}`
}

/** The incidents-by-severity comparison line. */
export function severityDeltas(d: Digest): string {
  const now = d.headline.bySeverity
  const before = d.previousPeriod.bySeverity
  return (['sev1', 'sev2', 'sev3', 'sev4'] as const)
    .map((k) => `${k} ${now[k]} (${delta(now[k], before[k])})`)
    .join(' · ')
}

/** The acknowledged-patterns section (status from the pattern workflow). */
export function acknowledged(d: Digest): string {
  if (d.acknowledged.length === 0) {
    return `<p style="${S.muted};margin:0 0 8px 0;">No pattern has been acknowledged by product yet.</p>`
  }
  const items = d.acknowledged.map(
    (a) =>
      `<tr><td style="${S.row}">${badge(a.status)} <strong>${link(a.url, a.title)}</strong>` +
      `<div style="${S.muted}">${e(a.owner ? `owner ${a.owner}` : 'no owner')} · ` +
      `${e(count(a.customers, 'customer', 'customers'))}</div></td></tr>`,
  )
  return `<table ${TABLE}>${items.join('')}</table>`
}
