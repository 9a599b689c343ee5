import type { Context } from 'hono'
import { SearchQuery } from '../schemas/api.ts'
import type { SearchFilter } from '../schemas/search.ts'

/** The search form as submitted: raw strings, so the page can show back exactly what was typed. */
export interface SearchForm {
  q: string
  customer: string[]
  type: string[]
  tag: string[]
  from: string
  to: string
}

/** A validated search: the query and filter to run, or the problems to show. */
export type CheckedSearch = { ok: true; q: string; filter: SearchFilter } | { ok: false; problems: string[] }

const FIELD_NAMES: Record<string, string> = {
  q: 'Query',
  customer: 'Customer',
  type: 'Type',
  tag: 'Tags',
  from: 'From date',
  to: 'To date',
}

/**
 * Read the search form from the URL. Empty fields (an untouched date input, "any customer") are
 * dropped; tags may be repeated or comma-separated.
 */
export function readSearchForm(c: Context): SearchForm {
  const all = c.req.queries()
  const list = (key: string, split = false) =>
    (all[key] ?? [])
      .flatMap((v) => (split ? v.split(',') : [v]))
      .map((v) => v.trim())
      .filter((v) => v !== '')
  const one = (key: string) => (all[key]?.[0] ?? '').trim()
  return {
    q: one('q'),
    customer: list('customer'),
    type: list('type'),
    tag: [...new Set(list('tag', true))],
    from: one('from'),
    to: one('to'),
  }
}

/** Validate the form with the API's own query schema; problems come back in plain words. */
export function checkSearch(form: SearchForm): CheckedSearch {
  const input: Record<string, unknown> = { q: form.q }
  for (const key of ['customer', 'type', 'tag'] as const) if (form[key].length > 0) input[key] = form[key]
  if (form.from) input.from = form.from
  if (form.to) input.to = form.to
  const parsed = SearchQuery.safeParse(input)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const field = FIELD_NAMES[String(i.path[0])] ?? String(i.path[0])
      return `${field}: ${i.message}`
    })
    return { ok: false, problems }
  }
  const q = parsed.data
  if (q.from && q.to && q.from > q.to) {
    return { ok: false, problems: ['From date: the start of the date range is after its end'] }
  }
  const filter: SearchFilter = {
    ...(q.customer ? { customers: q.customer } : {}),
    ...(q.type ? { types: q.type } : {}),
    ...(q.tag ? { tags: q.tag } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  }
  return { ok: true, q: q.q, filter }
}

/**
 * The URL of a search with some fields changed, so every facet and chip is a plain link.
 * @example searchHref(form, { customer: ['Kestrel Freight'] }) // → '/search?q=…&customer=Kestrel+Freight'
 */
export function searchHref(form: SearchForm, change: Partial<SearchForm> = {}): string {
  const f = { ...form, ...change }
  const params = new URLSearchParams()
  if (f.q) params.set('q', f.q)
  for (const v of f.customer) params.append('customer', v)
  for (const v of f.type) params.append('type', v)
  for (const v of f.tag) params.append('tag', v)
  if (f.from) params.set('from', f.from)
  if (f.to) params.set('to', f.to)
  return `/search?${params}`
}

/** Whether any filter is set. */
export function hasFilters(form: SearchForm): boolean {
  return form.customer.length + form.type.length + form.tag.length > 0 || form.from !== '' || form.to !== ''
}
