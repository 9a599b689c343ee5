/**
 * A pattern's timeline: documents per week (or per month, for a life over half a year) from its
 * first to its last member, as server-rendered inline SVG bars with a dated axis. No script, no
 * style attribute, no external asset, so the page CSP allows it.
 */

/** One bar: the first day of its week or month and the documents dated in it. */
export interface TimelineBucket {
  start: string
  count: number
}

const DAY = 86_400_000
// Above this many weeks the bars are months, so a long-lived pattern stays readable.
const MAX_WEEKS = 26

const utc = (d: string) => Date.parse(`${d}T00:00:00Z`)
const iso = (t: number) => new Date(t).toISOString().slice(0, 10)

function weekStart(t: number): number {
  const day = (new Date(t).getUTCDay() + 6) % 7
  return t - day * DAY
}

function monthStart(t: number): number {
  const d = new Date(t)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

function nextMonth(t: number): number {
  const d = new Date(t)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
}

/**
 * Every week (Monday) or month from the first to the last of `dates`, with how many of `dates`
 * fall in it, empty periods included.
 * @example timelineBuckets(['2026-10-01', '2026-10-20']) // { unit: 'week', buckets: 4 weeks from 2026-09-28 }
 */
export function timelineBuckets(dates: readonly string[]): {
  unit: 'week' | 'month'
  buckets: TimelineBucket[]
} {
  if (dates.length === 0) return { unit: 'week', buckets: [] }
  const times = dates.map(utc).sort((a, b) => a - b)
  const first = times[0]!
  const last = times.at(-1)!
  const unit = (weekStart(last) - weekStart(first)) / (7 * DAY) + 1 > MAX_WEEKS ? 'month' : 'week'
  const startOf = unit === 'week' ? weekStart : monthStart
  const next = unit === 'week' ? (t: number) => t + 7 * DAY : nextMonth
  const counts = new Map<number, number>()
  for (const t of times) counts.set(startOf(t), (counts.get(startOf(t)) ?? 0) + 1)
  const buckets: TimelineBucket[] = []
  for (let t = startOf(first); t <= last; t = next(t))
    buckets.push({ start: iso(t), count: counts.get(t) ?? 0 })
  return { unit, buckets }
}

/** The timeline chart of documents dated `dates` (one per member document). */
export function Timeline(props: { dates: readonly string[]; width?: number; height?: number }) {
  const { unit, buckets } = timelineBuckets(props.dates)
  if (buckets.length === 0) return null
  const width = props.width ?? 640
  const height = props.height ?? 160
  const [left, right, top, bottom] = [28, 36, 10, 34]
  const max = Math.max(1, ...buckets.map((b) => b.count))
  const slot = (width - left - right) / buckets.length
  const y = (n: number) => height - bottom - (n / max) * (height - top - bottom)
  // At most about eight dated ticks, always the first and the last period.
  const every = Math.max(1, Math.ceil(buckets.length / 8))
  const end = buckets.length - 1
  // A regular tick too close to the last one would overlap it.
  const ticks = buckets
    .map((b, i) => ({ b, i }))
    .filter(({ i }) => i === end || (i % every === 0 && end - i >= every))
  const first = buckets[0]!.start
  const last = props.dates.reduce((a, b) => (b > a ? b : a))
  const label = `${props.dates.length} documents per ${unit} from ${first} to ${last}, at most ${max} in one ${unit}`
  return (
    <svg
      class="timeline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <line
        x1={left}
        x2={width - right}
        y1={height - bottom}
        y2={height - bottom}
        stroke="#8a929c"
        stroke-width="1"
      />
      <text x={left - 4} y={y(max) + 4} text-anchor="end" font-size="10" fill="#57606a">
        {max}
      </text>
      <text x={left - 4} y={height - bottom + 3} text-anchor="end" font-size="10" fill="#57606a">
        0
      </text>
      {buckets.map((b, i) => (
        <rect
          class="bar"
          data-start={b.start}
          data-count={b.count}
          x={(left + i * slot + slot * 0.15).toFixed(1)}
          y={y(b.count).toFixed(1)}
          width={(slot * 0.7).toFixed(1)}
          height={(height - bottom - y(b.count)).toFixed(1)}
          fill="#0b57a4"
        >
          <title>{`${unit} of ${b.start}: ${b.count} document${b.count === 1 ? '' : 's'}`}</title>
        </rect>
      ))}
      {ticks.map(({ b, i }) => (
        <text
          class="tick"
          x={(left + i * slot + slot / 2).toFixed(1)}
          y={height - bottom + 14}
          text-anchor="middle"
          font-size="10"
          fill="#57606a"
        >
          {unit === 'month' ? b.start.slice(0, 7) : b.start}
        </text>
      ))}
      <text x={left} y={height - 4} font-size="10" fill="#57606a">
        {unit === 'week' ? `weeks starting Monday, ${first.slice(0, 4)}` : 'months'}
      </text>
    </svg>
  )
}
