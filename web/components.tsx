/** Small presentational pieces shared by the pages. Every value is escaped by Hono JSX. */

/** Document fields shown as badges. */
export interface BadgeFields {
  customer: string | null
  type: string | null
  date: string | null
  severity?: string | null
}

const TYPE_LABELS: Record<string, string> = {
  incident: 'Incident',
  'field-report': 'Field report',
  'integration-doc': 'Integration doc',
}

/** A document type as people say it. */
export function typeLabel(type: string | null): string {
  return type === null ? 'unknown type' : (TYPE_LABELS[type] ?? type)
}

/** Customer, type, date and severity badges of a document. */
export function Badges(props: { doc: BadgeFields }) {
  const d = props.doc
  return (
    <ul class="badges" aria-label="Document details">
      {d.customer && <li class="badge customer">{d.customer}</li>}
      {d.type && <li class={`badge type-${d.type}`}>{typeLabel(d.type)}</li>}
      {d.severity && <li class="badge sev">{d.severity}</li>}
      {d.date && (
        <li class="badge date">
          <time datetime={d.date}>{d.date}</time>
        </li>
      )}
    </ul>
  )
}

/** A document's tags, each linking to a search filtered by it when `query` is given. */
export function Tags(props: { tags: string[]; query?: string }) {
  if (props.tags.length === 0) return null
  return (
    <ul class="tags" aria-label="Tags">
      {props.tags.map((t) => (
        <li>
          {props.query === undefined ? (
            <span class="tag">{t}</span>
          ) : (
            <a class="tag" href={`/search?${new URLSearchParams({ q: props.query, tag: t })}`}>
              {t}
            </a>
          )}
        </li>
      ))}
    </ul>
  )
}

/** Where a chunk sits in its document: its heading path as a trail, without the document's own title. */
export function HeadingPath(props: { path: string[]; title?: string }) {
  const path = props.path[0] === props.title ? props.path.slice(1) : props.path
  if (path.length === 0) return null
  return <p class="hpath">{path.join(' › ')}</p>
}

/** Format an ISO timestamp as `YYYY-MM-DD HH:MM UTC`. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** `1 document` / `3 documents`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** A pattern's trend (`spike`, `new`, `rising`, `steady`, `fading`) as a badge. */
export function TrendBadge(props: { trend: string }) {
  return <span class={`trend trend-${props.trend}`}>{props.trend}</span>
}

/**
 * A short plain-text excerpt of a chunk for lists: code fences dropped, whitespace collapsed, cut
 * on a word boundary. Rendered as text (escaped), never as HTML.
 */
export function excerpt(text: string, max = 280): string {
  const flat = text
    .replace(/```[\w+#-]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max * 0.6))}…`
}
