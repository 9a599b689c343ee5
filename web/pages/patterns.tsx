import type { Hono } from 'hono'
import { viewerOf } from '../../api/governance.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { lastRun, listEdgeCases } from '../../insights/read.ts'
import { listPatternRows } from '../../insights/workflow-read.ts'
import type { EdgeCase } from '../../schemas/insights.ts'
import type { PatternRow } from '../../schemas/workflow.ts'
import { type PatternDocument, patternDocuments } from '../../storage/web-views.ts'
import { formatTime, plural, TrendBadge } from '../components.tsx'
import { requireViewer } from '../guard.ts'
import { Layout } from '../layout.tsx'
import { Sparkline } from '../sparkline.tsx'
import type { WebDeps, WebEnv } from '../types.ts'
import { WorkflowBadges } from '../workflow-panel.tsx'
import { patternDetailRoutes } from './pattern.tsx'

// Documents listed under each pattern before "and N more".
const DOCS_SHOWN = 6
const EDGE_CASES_SHOWN = 8

/** `/patterns` (recurring problems, most customers first, and recent edge cases), `/edge-cases`, `/patterns/:id`. */
export function patternRoutes(router: Hono<WebEnv>, deps: WebDeps): void {
  router.get('/patterns', requireViewer('reader'), async (c) => {
    const all = c.req.query('all') === '1'
    const scope = scopeOf(viewerOf(c))
    const [patterns, docs, edge, run] = await Promise.all([
      listPatternRows(deps.db, { minCustomers: all ? 1 : 2, scope }),
      patternDocuments(deps.db, scope),
      listEdgeCases(deps.db, { limit: 500, scope }),
      lastRun(deps.db),
    ])
    const recentEdge = [...edge].sort((a, b) => b.date.localeCompare(a.date)).slice(0, EDGE_CASES_SHOWN)
    return c.html(
      <Layout title="Patterns" section="patterns" viewer={c.get('viewer')}>
        <h1>Patterns across customers</h1>
        <p class="muted">
          {run
            ? `Problems that recur at several customers, most customers first. Mined ${formatTime(run.finishedAt)}.`
            : 'Patterns have not been mined yet: run `fieldkb insights refresh` after ingesting.'}{' '}
          {all ? (
            <a href="/patterns">Show only cross-customer patterns</a>
          ) : (
            <a href="/patterns?all=1">Include single-customer patterns</a>
          )}{' '}
          ·{' '}
          <a href="/patterns/export.csv" download="fieldkb-patterns.csv">
            Download all patterns as CSV
          </a>
        </p>
        {run && patterns.length === 0 && <p class="notice">No pattern spans more than one customer yet.</p>}
        <ol class="hits">
          {patterns.map((p) => (
            <PatternCard pattern={p} docs={docs.get(p.id) ?? []} />
          ))}
        </ol>
        <section aria-labelledby="edge-cases">
          <h2 id="edge-cases">Recent edge cases</h2>
          <p class="muted">
            One-off problems that fit no pattern, or notes filed under a gotcha or caveat heading.{' '}
            <a href="/edge-cases">All {plural(edge.length, 'edge case')}</a>
          </p>
          <EdgeCaseList items={recentEdge} />
        </section>
      </Layout>,
    )
  })

  router.get('/edge-cases', requireViewer('reader'), async (c) => {
    const items = await listEdgeCases(deps.db, { limit: 500, scope: scopeOf(viewerOf(c)) })
    const customers = [...new Set(items.map((e) => e.customer))]
    return c.html(
      <Layout title="Edge cases" section="patterns" viewer={c.get('viewer')}>
        <h1>Edge cases</h1>
        <p class="muted">
          {plural(items.length, 'one-off problem')} by customer. <a href="/patterns">Back to patterns</a>
        </p>
        {items.length === 0 && <p class="notice">No edge cases yet.</p>}
        {customers.map((name) => (
          <section aria-label={name}>
            <h2>{name}</h2>
            <EdgeCaseList items={items.filter((e) => e.customer === name)} />
          </section>
        ))}
      </Layout>,
    )
  })

  patternDetailRoutes(router, deps)
}

function PatternCard(props: { pattern: PatternRow; docs: PatternDocument[] }) {
  const p = props.pattern
  const more = props.docs.length - DOCS_SHOWN
  return (
    <li class="card pattern">
      <div class="pattern-head">
        <h2>
          <a href={`/patterns/${p.id}`}>{p.label}</a>
        </h2>
        <TrendBadge trend={p.trend} />
        <WorkflowBadges status={p.status} regressed={p.regressed} />
        <Sparkline points={p.weeklyCounts} />
      </div>
      <p class="muted">
        {plural(p.customerCount, 'customer')} · {plural(p.documentCount, 'document')} · seen {p.firstSeen} to{' '}
        {p.lastSeen}
      </p>
      {p.summary && <p>{p.summary}</p>}
      <blockquote class="excerpt">{p.excerpt}</blockquote>
      <p class="terms">Terms: {p.terms.join(', ')}</p>
      <ul class="plain">
        {props.docs.slice(0, DOCS_SHOWN).map((d) => (
          <li>
            <a href={`/documents/${d.id}`}>{d.title}</a>{' '}
            <span class="muted">
              — {d.customer}, {d.date}
            </span>
          </li>
        ))}
      </ul>
      {more > 0 && (
        <p class="muted">
          <a href={`/patterns/${p.id}`}>and {plural(more, 'more document')}</a>
        </p>
      )}
    </li>
  )
}

function EdgeCaseList(props: { items: EdgeCase[] }) {
  return (
    <ul class="plain edge">
      {props.items.map((e) => (
        <li>
          <a href={`/documents/${e.documentId}#chunk-${e.chunkId}`}>{e.title}</a>{' '}
          <span class="muted">
            — {e.customer}, {e.date}
            {e.heading ? `, under “${e.heading}”` : ''}
          </span>
          <br />
          <span class="excerpt-line">{e.excerpt}</span>
        </li>
      ))}
    </ul>
  )
}
