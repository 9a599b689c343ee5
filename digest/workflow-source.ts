/** The digest's one window onto the pattern workflow (status, owner, regressed flag). */
import { listPatternRows } from '../insights/workflow-read.ts'
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

/** Workflow facts as they stand now: patterns product has acted on, and those that came back. */
export async function workflowFacts(db: Queryable, _periodEnd: string): Promise<WorkflowFacts> {
  const rows = await listPatternRows(db)
  return {
    acknowledged: rows
      .filter((r) => r.status !== 'new')
      .map((r) => ({
        id: r.id,
        title: r.label,
        status: r.status,
        owner: r.owner,
        customers: r.customerCount,
      })),
    regressedIds: rows.filter((r) => r.regressed).map((r) => r.id),
  }
}
