/** Stored pattern workflows and their audit trail (migration 015): read, change, carry over. */
import { NotFoundError } from '../lib/errors.ts'
import type { AuditEntry, PatternWorkflow, WorkflowPatch } from '../schemas/workflow.ts'
import type { Db, Queryable } from '../storage/db.ts'
import { applyPatch, carryOver, DEFAULT_WORKFLOW, type FieldChange } from './workflow.ts'

/** Who made a change: a stored token (its name is looked up), or a fixed name ("cli", "refresh"). */
export interface Actor {
  tokenId?: number
  name: string
}

interface WorkflowRow {
  id: string
  status: PatternWorkflow['status']
  owner: string | null
  tickets: string[]
  notes: string | null
  fixedOn: string | null
  carriedFrom: PatternWorkflow['carriedFrom']
  updatedAt: Date | string
}

const COLUMNS = `pattern_id AS id, status, owner, tickets, notes, fixed_on::text AS "fixedOn",
  carried_from AS "carriedFrom", updated_at AS "updatedAt"`

function toWorkflow(r: WorkflowRow): PatternWorkflow {
  const { id: _, ...w } = r
  return { ...w, updatedAt: new Date(r.updatedAt).toISOString() }
}

/**
 * Stored workflows by pattern id (all, or those of `ids`); patterns without one are absent.
 * @example (await readWorkflows(db)).get(id)?.status
 */
export async function readWorkflows(
  db: Queryable,
  ids?: readonly string[],
): Promise<Map<string, PatternWorkflow>> {
  const rows = await db.query<WorkflowRow>(
    `SELECT ${COLUMNS} FROM pattern_workflow WHERE $1::text[] IS NULL OR pattern_id = ANY($1::text[])`,
    [ids ? [...ids] : null],
  )
  return new Map(rows.map((r) => [r.id, toWorkflow(r)]))
}

/** A pattern's workflow, the default (`new`, nothing set) when nobody has annotated it. */
export async function getWorkflow(db: Queryable, id: string): Promise<PatternWorkflow> {
  return (await readWorkflows(db, [id])).get(id) ?? DEFAULT_WORKFLOW
}

/** Every recorded change of a pattern's workflow, oldest first. */
export async function listAudit(db: Queryable, id: string): Promise<AuditEntry[]> {
  const rows = await db.query<Omit<AuditEntry, 'at'> & { at: Date | string }>(
    `SELECT id, at, actor, field, old_value AS "oldValue", new_value AS "newValue"
     FROM pattern_audit WHERE pattern_id = $1 ORDER BY id`,
    [id],
  )
  return rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() }))
}

/**
 * Apply `patch` to the workflow of pattern `id` and record each changed field with `actor`, in one
 * transaction. Throws `NotFoundError` when no current pattern has this id. `today` (YYYY-MM-DD) is
 * the default fix day.
 * @example await updateWorkflow(db, id, { status: 'planned' }, { name: 'cli' }, '2026-12-02')
 */
export async function updateWorkflow(
  db: Db,
  id: string,
  patch: WorkflowPatch,
  actor: Actor,
  today: string,
): Promise<{ workflow: PatternWorkflow; changes: FieldChange[] }> {
  return db.transaction(async (tx) => {
    const [exists] = await tx.query('SELECT 1 FROM patterns WHERE id = $1', [id])
    if (!exists) {
      throw new NotFoundError(`no pattern ${id}`, { hint: 'list the patterns again (`fieldkb patterns`)' })
    }
    await tx.query('INSERT INTO pattern_workflow (pattern_id) VALUES ($1) ON CONFLICT DO NOTHING', [id])
    const [row] = await tx.query<WorkflowRow>(
      `SELECT ${COLUMNS} FROM pattern_workflow WHERE pattern_id = $1 FOR UPDATE`,
      [id],
    )
    const { next, changes } = applyPatch(toWorkflow(row!), patch, today)
    await save(tx, id, next, changes, actor)
    return { workflow: (await readWorkflows(tx, [id])).get(id)!, changes }
  })
}

/**
 * Inside a refresh transaction: give the successors of split or merged patterns their
 * predecessors' annotations (see `carryOver`), recorded in the audit trail as by "refresh".
 */
export async function carryWorkflows(
  tx: Queryable,
  lineage: ReadonlyMap<string, readonly string[]>,
  labels: ReadonlyMap<string, string>,
): Promise<number> {
  if (lineage.size === 0) return 0
  const ids = [...new Set([...lineage.keys(), ...[...lineage.values()].flat()])]
  const carried = carryOver(lineage, await readWorkflows(tx, ids), labels)
  for (const [id, { next, changes }] of carried) await save(tx, id, next, changes, { name: 'refresh' })
  return carried.size
}

async function save(
  tx: Queryable,
  id: string,
  w: PatternWorkflow,
  changes: readonly FieldChange[],
  actor: Actor,
): Promise<void> {
  if (changes.length === 0) return
  await tx.query(
    `INSERT INTO pattern_workflow (pattern_id, status, owner, tickets, notes, fixed_on, carried_from, updated_at)
     VALUES ($1, $2, $3, $4::text[], $5, $6::date, $7::jsonb, now())
     ON CONFLICT (pattern_id) DO UPDATE SET status = EXCLUDED.status, owner = EXCLUDED.owner,
       tickets = EXCLUDED.tickets, notes = EXCLUDED.notes, fixed_on = EXCLUDED.fixed_on,
       carried_from = EXCLUDED.carried_from, updated_at = now()`,
    [id, w.status, w.owner, w.tickets, w.notes, w.fixedOn, JSON.stringify(w.carriedFrom)],
  )
  // One statement per change (a handful at most) keeps the audit ids in field order.
  for (const c of changes) {
    await tx.query(
      `INSERT INTO pattern_audit (pattern_id, actor, field, old_value, new_value)
       VALUES ($1, COALESCE((SELECT 'token #' || t.id || ' (' || t.name || ')' FROM api_tokens t
                             WHERE t.id = $2::bigint), $3), $4, $5, $6)`,
      [id, actor.tokenId ?? null, actor.name, c.field, c.oldValue, c.newValue],
    )
  }
}
