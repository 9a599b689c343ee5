/**
 * The digest's one window onto the pattern workflow (status, owner, regressed flag), which the
 * h-workflow branch adds. Until it is merged both lists are empty and the digest says so.
 */
import type { Queryable } from '../storage/db.ts'

/** A pattern with a workflow status, as the acknowledged-patterns section needs it. */
export interface WorkflowPattern {
  id: string
  title: string
  /** `acknowledged`, `planned`, `fixed`, `wont-fix` (patterns still `new` are not listed). */
  status: string
  owner: string | null
  customers: number
}

/** What the workflow contributes to a digest. */
export interface WorkflowFacts {
  acknowledged: WorkflowPattern[]
  /** Ids of patterns marked fixed that got a document dated after the fix. */
  regressedIds: string[]
}

/**
 * Workflow facts as they stand at the end of the period.
 * TODO(h-workflow): read statuses and the regressed flag from the pattern workflow table once
 * that branch is merged (the coordinator wires its storage function in here).
 */
export async function workflowFacts(_db: Queryable, _periodEnd: string): Promise<WorkflowFacts> {
  return { acknowledged: [], regressedIds: [] }
}
