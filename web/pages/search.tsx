import type { Context, Hono } from 'hono'
import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { ask } from '../../answer/index.ts'
import { viewerOf } from '../../api/governance.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { ValidationError } from '../../lib/errors.ts'
import type { SearchHit, SearchResponse } from '../../schemas/search.ts'
import { listDocuments } from '../../storage/document-queries.ts'
import { customerCounts, customerWeeks } from '../../storage/web-views.ts'
import { ActivityChart } from '../activity-chart.tsx'
import { Badges, HeadingPath, plural, Tags, typeLabel } from '../components.tsx'
import { requireViewer } from '../guard.ts'
import { Layout } from '../layout.tsx'
import { pageSearch } from '../page-search.ts'
import { checkSearch, hasFilters, readSearchForm, type SearchForm, searchHref } from '../search-params.ts'
import type { WebDeps, WebEnv } from '../types.ts'
import { AnswerPanel } from './answer-panel.tsx'
import { answerStreamHref } from './answer-stream.ts'
import { FacetList, type Facets, SearchBox } from './search-form.tsx'

// Results show at most SNIPPETS of the fetched chunks per document.
const SNIPPETS = 2

/** A document in the results with its best-matching chunks, best first. */
interface DocGroup {
  doc: SearchHit['document']
  hits: SearchHit[]
}

/** `/` and `/search`: the query box, filters with facet counts, and results grouped by document. */
export function searchRoutes(router: Hono<WebEnv>, deps: WebDeps): void {
  const page = async (c: Context<WebEnv>) => {
    const form = readSearchForm(c)
    const customers = (await customerCounts(deps.db, scopeOf(viewerOf(c)))).map((c) => c.value)
    const view = (body: Child, status: 200 | 400 = 200) =>
      c.html(
        <Layout title={form.q ? `“${form.q}”` : 'Search'} section="search" viewer={c.get('viewer')}>
          <h1 class={form.q ? 'sr-only' : undefined}>Has anyone hit this before?</h1>
          <SearchBox form={form} customers={customers} />
          {body}
        </Layout>,
        status,
      )
    if (!form.q) {
      if (hasFilters(form)) return view(<p class="notice">Type what you are looking for, then search.</p>)
      const [latest, weeks] = await Promise.all([
        listDocuments(deps.db, { status: 'ok', page: 1, pageSize: 8, scope: scopeOf(viewerOf(c)) }),
        customerWeeks(deps.db),
      ])
      return view(
        <>
          <ActivityChart data={weeks} />
          <Latest docs={latest.items} total={latest.total} />
        </>,
      )
    }
    const checked = checkSearch(form)
    const problem = (problems: string[]) =>
      view(
        <div class="notice error" role="alert">
          <p>That search could not run:</p>
          <ul>
            {problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>,
        400,
      )
    if (!checked.ok) return problem(checked.problems)
    let res: SearchResponse
    try {
      res = await pageSearch(c, deps, checked)
    } catch (error) {
      if (error instanceof ValidationError) {
        return problem(error.issues.length > 0 ? error.issues.map((i) => i.message) : [error.message])
      }
      throw error
    }
    // The answer reuses this search; the chat model only on request (the page must not wait on it).
    const wantLlm = c.req.query('answer') === 'llm' && deps.config.chat !== undefined
    const answer = await ask(
      { db: deps.db, embedder: deps.embedder, chat: wantLlm ? deps.config.chat : undefined },
      { q: checked.q, filter: checked.filter },
      { retrieved: res },
    )
    const llmHref = deps.config.chat && !wantLlm ? `${searchHref(form)}&answer=llm` : undefined
    const groups = groupByDocument(res.hits)
    // Counted over the documents shown: the API's facets cover every fused candidate, and the
    // vector side makes that nearly the whole store, which reads as noise next to the results.
    const facets = facetCounts(groups)
    return view(
      <>
        {groups.length > 0 ? (
          <AnswerPanel
            answer={answer}
            llmHref={llmHref}
            streamHref={llmHref ? answerStreamHref(form) : undefined}
          />
        ) : null}
        <Results form={form} groups={groups} facets={facets} tookMs={res.tookMs} />
      </>,
    )
  }
  router.get('/', requireViewer('reader'), page)
  router.get('/search', requireViewer('reader'), page)
}

function groupByDocument(hits: SearchHit[]): DocGroup[] {
  const groups = new Map<number, DocGroup>()
  for (const hit of hits) {
    const group = groups.get(hit.document.id) ?? { doc: hit.document, hits: [] }
    if (group.hits.length < SNIPPETS) group.hits.push(hit)
    groups.set(hit.document.id, group)
  }
  return [...groups.values()]
}

function facetCounts(groups: DocGroup[]): Facets {
  const count = (values: string[]) => {
    const counts = new Map<string, number>()
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
    return [...counts]
      .map(([value, n]) => ({ value, count: n }))
      .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
  }
  return {
    customers: count(groups.map((g) => g.doc.customer)),
    types: count(groups.map((g) => g.doc.type)),
    tags: count(groups.flatMap((g) => g.doc.tags)),
  }
}

/**
 * A highlight made compact for the result list: markdown code fences dropped. Only removes
 * backtick runs from already-escaped HTML, so it can neither create markup nor break an entity.
 */
function compact(highlight: string): string {
  return highlight.replace(/```[\w+#-]*/g, '')
}

function Results(props: { form: SearchForm; groups: DocGroup[]; facets: Facets; tookMs: number }) {
  const { form, groups } = props
  if (groups.length === 0) {
    return (
      <section class="results" aria-labelledby="results-h" aria-live="polite">
        <h2 id="results-h">No matches</h2>
        <p>
          Nothing in the field notes matches “{form.q}”{hasFilters(form) ? ' with these filters' : ''}. Try
          fewer or broader words{hasFilters(form) ? ', or clear the filters' : ''}.
        </p>
      </section>
    )
  }
  return (
    <div class="with-facets">
      <section class="results" aria-labelledby="results-h" aria-live="polite">
        <h2 id="results-h">
          {plural(groups.length, 'document')} for “{form.q}” <span class="took">{props.tookMs} ms</span>
        </h2>
        <ol class="hits">
          {groups.map((g) => (
            <li class="card">
              <h3>
                <a href={`/documents/${g.doc.id}`}>{g.doc.title}</a>
              </h3>
              <Badges doc={g.doc} />
              {g.hits.map((h) => (
                <div class="snippet">
                  <HeadingPath path={h.headingPath} title={g.doc.title} />
                  {/* `highlight` is escaped text plus <mark> from search/highlight.ts: the one raw field. */}
                  <p class="hl">{raw(compact(h.highlight))}</p>
                  <p class="more">
                    <a href={`/documents/${g.doc.id}#chunk-${h.chunkId}`}>In context</a>
                    {' · '}
                    <a href={`/similar/${h.chunkId}`}>Seen elsewhere</a>
                  </p>
                </div>
              ))}
              <Tags tags={g.doc.tags} query={form.q} />
            </li>
          ))}
        </ol>
      </section>
      <FacetList form={form} facets={props.facets} />
    </div>
  )
}

function Latest(props: {
  docs: {
    id: number
    title: string | null
    customer: string | null
    type: string | null
    date: string | null
  }[]
  total: number
}) {
  if (props.total === 0) {
    return (
      <p class="notice">
        The knowledge base is empty. <a href="/ingest">Upload a field report</a> or run{' '}
        <code>fieldkb ingest</code>.
      </p>
    )
  }
  return (
    <section aria-labelledby="latest-h">
      <h2 id="latest-h">Latest field notes</h2>
      <p class="muted">{plural(props.total, 'document')} in the knowledge base.</p>
      <ul class="plain">
        {props.docs.map((d) => (
          <li>
            <a href={`/documents/${d.id}`}>{d.title}</a>{' '}
            <span class="muted">
              — {d.customer}, {typeLabel(d.type)}, {d.date}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
