/** The workflow section of a pattern page: badges, facts, the editor's form and the audit trail. */
import type { Context } from 'hono'
import { hasRole } from '../api/auth.ts'
import { type AuditEntry, PATTERN_STATUSES, type PatternFull } from '../schemas/workflow.ts'
import { formatTime } from './components.tsx'
import { csrfToken } from './guard.ts'
import type { WebDeps, WebEnv } from './types.ts'

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
