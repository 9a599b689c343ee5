/** Plain-text equivalents of the leadership sections: what changed, charts as bars of `#`, acknowledged patterns. */
import type { Digest, DigestBar } from '../schemas/digest.ts'
import { delta } from './changes.ts'
import { count } from './format.ts'
import { weekBars } from './html-charts.ts'

const BAR_CHARS = 30

/** A text bar chart: label padded, `#` bar scaled to the largest value, the value. */
export function textChart(bars: readonly DigestBar[], empty: string): string[] {
  if (bars.length === 0 || bars.every((b) => b.value === 0)) return [`  ${empty}`]
  const max = Math.max(...bars.map((b) => b.value))
  const width = Math.min(28, Math.max(...bars.map((b) => b.label.length)))
  return bars.map((b) => {
    const n = b.value === 0 ? 0 : Math.max(1, Math.round((b.value / max) * BAR_CHARS))
    const label = b.label.length > width ? `${b.label.slice(0, width - 1)}…` : b.label.padEnd(width)
    return `  ${label}  ${'#'.repeat(n).padEnd(BAR_CHARS)}  ${b.value}`
  })
}

type Wrap = (text: string, width: number, indent: string, first?: string) => string

/** "WHAT CHANGED", "ACTIVITY" and "ACKNOWLEDGED" blocks, each followed by a blank line. */
export function leadershipText(d: Digest, heading: (title: string) => string, wrap: Wrap): string[] {
  const out = [heading('What changed')]
  if (d.whatChanged.length === 0)
    out.push('  No new, rising or regressed cross-customer pattern in this period.')
  d.whatChanged.forEach((c, i) => {
    out.push(
      wrap(`${i + 1}. [${c.kind}] ${c.label}`, 76, '     ', '  '),
      wrap(
        `${count(c.customerCount, 'customer', 'customers')}, ${count(c.periodDocumentCount, 'document', 'documents')} this period, ` +
          `${c.previousPeriodDocumentCount} the period before`,
        76,
        '     ',
      ),
      `     ${c.url}`,
    )
  })
  out.push('', heading('Activity'), '  Documents by customer in this period:')
  out.push(...textChart(d.charts.byCustomer, 'No documents in this period.'))
  out.push('  Documents per week, last 8 weeks:')
  out.push(...textChart(weekBars(d.charts.byWeek), 'No documents in these weeks.'), '')
  out.push(heading('Patterns product has acknowledged'))
  if (d.acknowledged.length === 0) out.push('  No pattern has been acknowledged by product yet.')
  for (const a of d.acknowledged) {
    out.push(
      wrap(
        `[${a.status}] ${a.title} (${a.owner ? `owner ${a.owner}` : 'no owner'}, ${count(a.customers, 'customer', 'customers')})`,
        76,
        '     ',
        '  ',
      ),
      `     ${a.url}`,
    )
  }
  out.push('')
  return out
}

/** "; +3 vs 9 the period before" after a headline figure. */
export function textVersus(now: number, before: number): string {
  return `; ${delta(now, before)} vs ${before} the period before`
}
