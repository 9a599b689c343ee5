/** One point of a sparkline: a label (an ISO week) and its count. */
export interface SparkPoint {
  week: string
  count: number
}

/**
 * A weekly-count sparkline as inline SVG (no script, no style attribute, so the page CSP allows
 * it): a line over the weeks with the last week dotted, and a text alternative for screen readers.
 * @example <Sparkline points={[{ week: '2026-W45', count: 1 }, { week: '2026-W46', count: 3 }]} />
 */
export function Sparkline(props: { points: SparkPoint[]; width?: number; height?: number }) {
  const width = props.width ?? 120
  const height = props.height ?? 28
  const points = props.points
  if (points.length === 0) return null
  const max = Math.max(1, ...points.map((p) => p.count))
  const pad = 3
  const x = (i: number) =>
    points.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1)
  const y = (n: number) => height - pad - (n / max) * (height - 2 * pad)
  const coords = points.map((p, i) => `${x(i).toFixed(1)},${y(p.count).toFixed(1)}`)
  const last = points[points.length - 1]!
  const first = points[0]!
  const total = points.reduce((n, p) => n + p.count, 0)
  const label = `${total} documents over ${points.length} weeks (${first.week} to ${last.week}); ${last.count} in the latest week, at most ${max} in one week`
  return (
    <svg
      class="spark"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} stroke="#c4cad3" stroke-width="1" />
      <polyline
        points={coords.join(' ')}
        fill="none"
        stroke="#0b57a4"
        stroke-width="2"
        stroke-linejoin="round"
        stroke-linecap="round"
      />
      <circle cx={x(points.length - 1).toFixed(1)} cy={y(last.count).toFixed(1)} r="2.5" fill="#a4161a" />
    </svg>
  )
}
