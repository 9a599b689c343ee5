import type { Hono } from 'hono'
import { viewerOf } from '../../api/governance.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { getPatternFull } from '../../insights/workflow-read.ts'
import type { PatternMemberDoc } from '../../schemas/insights.ts'
import { HeadingPath, plural, TrendBadge } from '../components.tsx'
import { requireViewer } from '../guard.ts'
import { Layout } from '../layout.tsx'
import { Timeline } from '../timeline.tsx'
import type { WebDeps, WebEnv } from '../types.ts'
import { WorkflowBadges, WorkflowPanel } from '../workflow-panel.tsx'
import { patternIdOf, patternWorkflowRoutes } from './pattern-workflow.tsx'

/**
 * `/patterns/:id`: one pattern with its workflow (status, owner, tickets, notes, edit form, audit
 * trail), its timeline and every member chunk, by document; plus the workflow routes.
 */
export function patternDetailRoutes(router: Hono<WebEnv>, deps: WebDeps): void {
  patternWorkflowRoutes(router, deps)
  router.get('/patterns/:id', requireViewer('reader'), async (c) => {
    const p = await getPatternFull(deps.db, patternIdOf(c), scopeOf(viewerOf(c)))
    const byDocument = new Map<number, PatternMemberDoc[]>()
    for (const m of p.members) byDocument.set(m.documentId, [...(byDocument.get(m.documentId) ?? []), m])
    const search = `/search?${new URLSearchParams({ q: (p.terms.length > 0 ? p.terms.slice(0, 3) : [p.label]).join(' ') })}`
    return c.html(
      <Layout title={`Pattern: ${p.label}`} section="patterns" viewer={c.get('viewer')}>
        <p>
          <a href="/patterns">← All patterns</a>
        </p>
        <div class="pattern-head">
          <h1>{p.label}</h1>
          <TrendBadge trend={p.trend} />
          <WorkflowBadges status={p.workflow.status} regressed={p.regressed} />
        </div>
        <p class="muted">
          Rank {p.rank} · {plural(p.customerCount, 'customer')} · {plural(p.documentCount, 'document')} · seen{' '}
          {p.firstSeen} to {p.lastSeen}
        </p>
        {p.summary && <p>{p.summary}</p>}
        <blockquote class="excerpt">{p.excerpt}</blockquote>
        <p class="terms">Terms: {p.terms.join(', ')}</p>
        <p>Customers: {p.customers.join(', ')}</p>
        <figure class="trend-fig">
          <Timeline dates={[...byDocument.values()].map((m) => m[0]!.date)} />
          <figcaption class="muted">
            Documents per period over the pattern’s whole life, {p.firstSeen} to {p.lastSeen}
          </figcaption>
        </figure>
        <p>
          <a href={search}>Search for these terms</a>
        </p>
        <WorkflowPanel c={c} deps={deps} pattern={p} saved={c.req.query('saved') === '1'} />
        <h2>Where it was seen</h2>
        <ol class="hits">
          {[...byDocument.values()].map((members) => {
            const first = members[0]!
            return (
              <li class="card">
                <h3>
                  <a href={`/documents/${first.documentId}`}>{first.title}</a>
                </h3>
                <p class="muted">
                  {first.customer}, {first.date}
                </p>
                <ul class="plain">
                  {members.map((m) => (
                    <li>
                      <a href={`/documents/${m.documentId}#chunk-${m.chunkId}`}>
                        {m.headingPath.at(-1) ?? 'Section'}
                      </a>{' '}
                      <span class="muted">({Math.round(m.similarity * 100)}% central)</span>
                      <HeadingPath path={m.headingPath.slice(0, -1)} title={m.title} />
                    </li>
                  ))}
                </ul>
              </li>
            )
          })}
        </ol>
      </Layout>,
    )
  })
}
