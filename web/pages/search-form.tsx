import { typeLabel } from '../components.tsx'
import { hasFilters, type SearchForm, searchHref } from '../search-params.ts'

const TYPES = ['incident', 'field-report', 'integration-doc']

/** Facet counts among the documents shown. */
export interface Facets {
  customers: { value: string; count: number }[]
  types: { value: string; count: number }[]
  tags: { value: string; count: number }[]
}

/**
 * The query box with its filters: a plain GET form, so the URL holds (and shares) the search.
 * Counts per value are in the {@link FacetList} next to the results, not in the (narrow) selects.
 */
export function SearchBox(props: { form: SearchForm; customers: string[] }) {
  const { form } = props
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
  // A customer named in the URL but absent from the store still shows as selected, not as "any".
  const customers = [
    ...props.customers,
    ...form.customer.filter((v) => !props.customers.some((c) => same(c, v))),
  ]
  const option = (value: string, label: string, selected: boolean) => (
    <option value={value} selected={selected}>
      {label}
    </option>
  )
  return (
    <search>
      <form class="search" method="get" action="/search" data-busy="Searching…">
        <div class="qrow">
          <label for="q" class="sr-only">
            Search the field notes
          </label>
          <input
            id="q"
            name="q"
            type="search"
            value={form.q}
            maxlength={1000}
            placeholder="e.g. SAML clock skew, 429 retries, proxy TLS"
            autocomplete="off"
          />
          <button type="submit">Search</button>
        </div>
        <details class="filters" open={hasFilters(form)}>
          <summary>Filters{hasFilters(form) ? ' (active)' : ''}</summary>
          <div class="grid">
            <p>
              <label for="f-customer">Customer</label>
              <select id="f-customer" name="customer">
                {option('', 'Any customer', form.customer.length === 0)}
                {customers.map((c) =>
                  option(
                    c,
                    c,
                    form.customer.some((v) => same(v, c)),
                  ),
                )}
              </select>
            </p>
            <p>
              <label for="f-type">Type</label>
              <select id="f-type" name="type">
                {option('', 'Any type', form.type.length === 0)}
                {TYPES.map((t) => option(t, typeLabel(t), form.type.includes(t)))}
              </select>
            </p>
            <p>
              <label for="f-tag">Tags (comma-separated, all must match)</label>
              <input id="f-tag" name="tag" type="text" value={form.tag.join(', ')} maxlength={500} />
            </p>
            <p>
              <label for="f-from">From</label>
              <input id="f-from" name="from" type="date" value={form.from} />
            </p>
            <p>
              <label for="f-to">To</label>
              <input id="f-to" name="to" type="date" value={form.to} />
            </p>
          </div>
          <p class="actions">
            <button type="submit">Apply filters</button>
            {hasFilters(form) && form.q && (
              <a href={searchHref(form, { customer: [], type: [], tag: [], from: '', to: '' })}>
                Clear filters
              </a>
            )}
          </p>
        </details>
      </form>
    </search>
  )
}

/** Facet counts as links that narrow (or, for an active value, widen) the search. */
export function FacetList(props: { form: SearchForm; facets: Facets }) {
  const { form, facets } = props
  const group = (
    title: string,
    key: 'customer' | 'type' | 'tag',
    items: { value: string; count: number }[],
    label: (v: string) => string,
  ) =>
    items.length > 0 && (
      <section aria-label={`Filter by ${title.toLowerCase()}`}>
        <h3>{title}</h3>
        <ul class="plain">
          {items.map((f) => {
            const active = form[key].some((v) => v.toLowerCase() === f.value.toLowerCase())
            const values = active
              ? form[key].filter((v) => v.toLowerCase() !== f.value.toLowerCase())
              : key === 'tag'
                ? [...form[key], f.value]
                : [f.value]
            return (
              <li>
                <a href={searchHref(form, { [key]: values })} aria-current={active ? 'true' : undefined}>
                  {label(f.value)} <span class="count">{f.count}</span>
                </a>
              </li>
            )
          })}
        </ul>
      </section>
    )
  return (
    <aside class="facets" aria-label="Refine results">
      <h2>Refine</h2>
      {group('Customer', 'customer', facets.customers, (v) => v)}
      {group('Type', 'type', facets.types, typeLabel)}
      {group('Tags in these results', 'tag', facets.tags.slice(0, 12), (v) => v)}
    </aside>
  )
}
