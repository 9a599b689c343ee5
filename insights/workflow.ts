/**
 * The pattern workflow as pure functions: applying a change (and listing what changed, for the
 * audit trail), carrying annotations to the successors of a split or merge, and the regressed rule.
 */
import type { PatternStatus, PatternWorkflow, WorkflowPatch } from '../schemas/workflow.ts'

/** The workflow of a pattern nobody has annotated yet. */
export const DEFAULT_WORKFLOW: PatternWorkflow = {
  status: 'new',
  owner: null,
  tickets: [],
  notes: null,
  fixedOn: null,
  carriedFrom: [],
  updatedAt: null,
}

/** One changed field, as the audit trail records it (values as text, `null` for empty). */
export interface FieldChange {
  field: 'status' | 'owner' | 'tickets' | 'notes' | 'fixedOn' | 'carriedFrom'
  oldValue: string | null
  newValue: string | null
}

const text = (v: string | null | readonly string[]): string | null =>
  v === null ? null : typeof v === 'string' ? v : v.length === 0 ? null : v.join(' ')

const unique = (xs: readonly string[]) => [...new Set(xs)]

/**
 * `current` with `patch` applied, and the fields that actually changed. Becoming `fixed` without
 * a `fixedOn` sets it to `today`; leaving `fixed` clears it.
 * @example applyPatch(DEFAULT_WORKFLOW, { status: 'planned', owner: 'ana' }, '2026-12-02')
 */
export function applyPatch(
  current: PatternWorkflow,
  patch: WorkflowPatch,
  today: string,
): { next: PatternWorkflow; changes: FieldChange[] } {
  const status: PatternStatus = patch.status ?? current.status
  let tickets = patch.tickets ? unique(patch.tickets) : current.tickets
  if (patch.addTickets) tickets = unique([...tickets, ...patch.addTickets])
  let fixedOn = patch.fixedOn === undefined ? current.fixedOn : patch.fixedOn
  if (status === 'fixed' && fixedOn === null) fixedOn = today
  if (status !== 'fixed') fixedOn = null
  const next: PatternWorkflow = {
    ...current,
    status,
    owner: patch.owner === undefined ? current.owner : patch.owner,
    tickets,
    notes: patch.notes === undefined ? current.notes : patch.notes === '' ? null : patch.notes,
    fixedOn,
  }
  const changes: FieldChange[] = []
  for (const field of ['status', 'owner', 'tickets', 'notes', 'fixedOn'] as const) {
    const [a, b] = [text(current[field]), text(next[field])]
    if (a !== b) changes.push({ field, oldValue: a, newValue: b })
  }
  return { next, changes }
}

/**
 * Workflows to store after a refresh: each new pattern with annotated predecessors (from
 * `predecessors()` in identity.ts) gets their annotations. A pattern without its own takes the
 * first (closest) predecessor's status, owner and fix date; tickets are united and distinct notes
 * joined; `carriedFrom` names every source. Predecessors already carried are skipped, so running
 * it again changes nothing.
 */
export function carryOver(
  lineage: ReadonlyMap<string, readonly string[]>,
  workflows: ReadonlyMap<string, PatternWorkflow>,
  labels: ReadonlyMap<string, string>,
): Map<string, { next: PatternWorkflow; changes: FieldChange[] }> {
  const out = new Map<string, { next: PatternWorkflow; changes: FieldChange[] }>()
  for (const [id, from] of lineage) {
    const own = workflows.get(id)
    const done = new Set(own?.carriedFrom.map((c) => c.id) ?? [])
    const sources = from.filter((f) => workflows.has(f) && !done.has(f))
    if (sources.length === 0) continue
    const first = workflows.get(sources[0]!)!
    const base = own ?? { ...first, carriedFrom: [] }
    const all = [base, ...sources.map((s) => workflows.get(s)!)]
    const notes = unique(all.map((w) => w.notes).filter((n): n is string => n !== null))
    const next: PatternWorkflow = {
      ...base,
      tickets: unique(all.flatMap((w) => w.tickets)),
      notes: notes.length > 0 ? notes.join('\n\n') : null,
      carriedFrom: [...base.carriedFrom, ...sources.map((s) => ({ id: s, label: labels.get(s) ?? s }))],
    }
    const before = own ?? DEFAULT_WORKFLOW
    const changes: FieldChange[] = [
      {
        field: 'carriedFrom',
        oldValue: text(before.carriedFrom.map((c) => c.id)),
        newValue: text(next.carriedFrom.map((c) => c.id)),
      },
    ]
    for (const field of ['status', 'owner', 'tickets', 'notes', 'fixedOn'] as const) {
      const [a, b] = [text(before[field]), text(next[field])]
      if (a !== b) changes.push({ field, oldValue: a, newValue: b })
    }
    out.set(id, { next, changes })
  }
  return out
}

/**
 * Whether a fixed pattern came back: a member document is dated after the fix day.
 * @example isRegressed({ status: 'fixed', fixedOn: '2026-10-01' }, '2026-11-04') // → true
 */
export function isRegressed(w: Pick<PatternWorkflow, 'status' | 'fixedOn'>, lastSeen: string): boolean {
  return w.status === 'fixed' && w.fixedOn !== null && lastSeen > w.fixedOn
}
