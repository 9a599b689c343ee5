/**
 * The home page chart: documents per customer per week as a table whose cells are shaded by
 * count (CSS classes, no inline styles: the UI's CSP allows none). A table stays readable with
 * styles off and to screen readers, and scrolls sideways on a phone instead of overflowing.
 */
import type { CustomerWeeks } from '../storage/web-views.ts'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Shade 0–4 for `n` relative to the largest count. */
export function heatLevel(n: number, max: number): number {
  return n === 0 || max === 0 ? 0 : Math.max(1, Math.ceil((n / max) * 4))
}

/** "16 Nov" for a Monday date. */
function weekLabel(monday: string): string {
  return `${Number(monday.slice(8))} ${MONTHS[Number(monday.slice(5, 7)) - 1]}`
}

/** Documents per customer per week (nothing when the store is empty). */
export function ActivityChart(props: { data: CustomerWeeks }) {
  const { weeks, rows } = props.data
  if (rows.length === 0) return null
  const max = Math.max(...rows.flatMap((r) => r.counts))
  return (
    <section aria-labelledby="activity-h" class="activity">
      <h2 id="activity-h">Documents per customer per week</h2>
      <p class="muted">
        The {weeks.length} weeks up to the newest document (weeks start on Monday). Darker means more
        documents.
      </p>
      <div class="scroll">
        <table class="heatmap">
          <thead>
            <tr>
              <th scope="col">Customer</th>
              {weeks.map((w) => (
                <th scope="col" title={`Week of ${w}`}>
                  {weekLabel(w)}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.customer}</th>
                {r.counts.map((n, i) => (
                  <td class={`heat-${heatLevel(n, max)}`} title={`${r.customer}, week of ${weeks[i]}: ${n}`}>
                    {n > 0 ? n : ''}
                  </td>
                ))}
                <td class="total">{r.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
