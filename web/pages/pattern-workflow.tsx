import type { Context, Hono } from 'hono'
import { hasRole } from '../../api/auth.ts'
import { buildBrief, patternsCsv, renderBriefMarkdown } from '../../insights/brief.ts'
import { briefChunks } from '../../insights/brief-load.ts'
import { getPatternFull, listPatternRows } from '../../insights/workflow-read.ts'
import { type Actor, updateWorkflow } from '../../insights/workflow-store.ts'
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts'
import { PatternIdParam } from '../../schemas/insights.ts'
import { type AuditEntry, PATTERN_STATUSES, type PatternFull, WorkflowPatch } from '../../schemas/workflow.ts'
import { formatTime } from '../components.tsx'
import { assertCsrf, checkOrigin, csrfToken, requireViewer } from '../guard.ts'
import type { WebDeps, WebEnv } from '../types.ts'

/** The id of a `/patterns/:id…` request; malformed ids read as "not found". */
export function patternIdOf(c: Context<WebEnv>): string {
  const id = c.req.param('id') ?? ''
  if (!PatternIdParam.safeParse({ id }).success) throw new NotFoundError(`There is no pattern “${id}”.`)
  return id
}

function actorOf(c: Context<WebEnv>): Actor {
  const session = c.get('viewer').session
  const role = c.get('viewer').role ?? 'anonymous'
  if (session?.tokenId !== undefined) return { tokenId: session.tokenId, name: `token #${session.tokenId}` }
  return { name: c.get('viewer').authEnabled ? `web (${role} token)` : 'web (open, no tokens configured)' }
}

const field = (form: Record<string, unknown>, name: string): string | undefined =>
  typeof form[name] === 'string' ? (form[name] as string) : undefined

/** The form's fields as a workflow change: empty owner/notes/fix day clear them, one ticket URL a line. */
function patchOf(form: Record<string, unknown>): unknown {
  const blank = (s: string | undefined) => (s === undefined ? undefined : s.trim() === '' ? null : s)
  const tickets = field(form, 'tickets')
  return {
    status: field(form, 'status'),
    owner: blank(field(form, 'owner')),
    notes: blank(field(form, 'notes')),
    fixedOn: blank(field(form, 'fixedOn')),
    tickets:
      tickets === undefined
        ? undefined
        : tickets
            .split(/\r?\n/)
            .map((t) => t.trim())
            .filter((t) => t !== ''),
  }
}

/**
 * `POST /patterns/:id/workflow` (editor, same origin, CSRF token), `/patterns/:id/brief.md` and
 * `/patterns/export.csv` (downloads). Register before `/patterns/:id`.
 */
export function patternWorkflowRoutes(router: Hono<WebEnv>, deps: WebDeps): void {
  const base = deps.config.server.publicUrl
  router.get('/patterns/export.csv', requireViewer('reader'), async (c) => {
    c.header('content-disposition', 'attachment; filename="fieldkb-patterns.csv"')
    const csv = patternsCsv(await listPatternRows(deps.db), base)
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8' })
  })

  router.get('/patterns/:id/brief.md', requireViewer('reader'), async (c) => {
    const id = patternIdOf(c)
    const brief = buildBrief(await getPatternFull(deps.db, id), await briefChunks(deps.db, id), base)
    c.header('content-disposition', `attachment; filename="pattern-${id}.md"`)
    return c.body(renderBriefMarkdown(brief), 200, { 'content-type': 'text/markdown; charset=utf-8' })
  })

  router.post('/patterns/:id/workflow', requireViewer('editor'), checkOrigin(base), async (c) => {
    const id = patternIdOf(c)
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    assertCsrf(c, form._csrf)
    const parsed = WorkflowPatch.safeParse(patchOf(form))
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ')
      throw new UnprocessableError(`The change was not saved: ${detail}.`, [], {
        hint: 'go back, correct the field and save again',
      })
    }
    await updateWorkflow(deps.db, id, parsed.data, actorOf(c), deps.now().toISOString().slice(0, 10))
    return c.redirect(`/patterns/${id}?saved=1#workflow`, 303)
  })
}

/** Status badge (and a regressed badge when a fixed pattern came back). */
export function WorkflowBadges(props: { status: string; regressed: boolean }) {
  return (
    <>
      <span class={`badge status status-${props.status}`}>{props.status}</span>
      {props.regressed && <span class="badge regressed">regressed</span>}
    </>
  )
}

/** The workflow section of a pattern page: facts, the edit form for editors, the audit trail. */
export function WorkflowPanel(props: {
  c: Context<WebEnv>
  deps: WebDeps
  pattern: PatternFull
  saved: boolean
}) {
  const { pattern: p, c } = props
  const w = p.workflow
  const viewer = c.get('viewer')
  const canEdit = viewer.role !== null && hasRole(viewer.role, 'editor')
  return (
    <section id="workflow" aria-labelledby="workflow-h" class="card">
      <h2 id="workflow-h">Workflow</h2>
      {props.saved && (
        <p class="notice ok" role="status">
          Saved.
        </p>
      )}
      {p.regressed && (
        <p class="notice error" role="alert">
          Regressed: marked fixed on {w.fixedOn}, but a document dated {p.lastSeen} joined the pattern since.
        </p>
      )}
      <p>
        Status: <WorkflowBadges status={w.status} regressed={p.regressed} />
        {w.fixedOn && <span class="muted"> fixed on {w.fixedOn}</span>} · Owner: {w.owner ?? 'unassigned'}
      </p>
      {w.carriedFrom.length > 0 && (
        <p class="carried muted">
          Carried from {w.carriedFrom.map((f, i) => `${i > 0 ? ', ' : ''}pattern “${f.label}” (${f.id})`)}{' '}
          when the patterns were regrouped.
        </p>
      )}
      {w.tickets.length > 0 && (
        <ul class="plain tickets">
          {w.tickets.map((t) => (
            <li>
              <a href={t} rel="noopener noreferrer nofollow">
                {t}
              </a>
            </li>
          ))}
        </ul>
      )}
      {w.notes && <p class="notes">{w.notes}</p>}
      <p>
        <a class="button" href={`/patterns/${p.id}/brief.md`} download={`pattern-${p.id}.md`}>
          Export brief
        </a>
      </p>
      {canEdit ? (
        <EditForm csrf={csrfToken(c, props.deps)} pattern={p} />
      ) : (
        <p class="muted">Editing needs the editor role.</p>
      )}
      <AuditList items={p.audit} />
    </section>
  )
}

function EditForm(props: { csrf: string; pattern: PatternFull }) {
  const w = props.pattern.workflow
  return (
    <form method="post" action={`/patterns/${props.pattern.id}/workflow`} class="stack workflow-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <label>
        Status{' '}
        <select name="status">
          {PATTERN_STATUSES.map((s) => (
            <option value={s} selected={s === w.status}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Owner <input type="text" name="owner" value={w.owner ?? ''} maxlength={200} />
      </label>
      <label>
        Fixed on (for status fixed; empty: today) <input type="date" name="fixedOn" value={w.fixedOn ?? ''} />
      </label>
      <label>
        Tickets, one URL a line{' '}
        <textarea name="tickets" rows={3}>
          {w.tickets.join('\n')}
        </textarea>
      </label>
      <label>
        Notes{' '}
        <textarea name="notes" rows={4}>
          {w.notes ?? ''}
        </textarea>
      </label>
      <p>
        <button type="submit">Save</button>
      </p>
    </form>
  )
}

function AuditList(props: { items: AuditEntry[] }) {
  if (props.items.length === 0) return <p class="muted">No changes recorded yet.</p>
  return (
    <details class="audit">
      <summary>History ({props.items.length} changes)</summary>
      <ol class="plain">
        {[...props.items].reverse().map((a) => (
          <li>
            <span class="muted">{formatTime(a.at)}</span> {a.actor} changed <strong>{a.field}</strong>:{' '}
            {a.oldValue ?? '(none)'} → {a.newValue ?? '(none)'}
          </li>
        ))}
      </ol>
    </details>
  )
}
