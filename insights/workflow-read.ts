/** Patterns joined with their workflow: the detail the API and web show, and the listing rows. */

import type { TokenScope } from '../schemas/governance.ts'
import type { PatternFull, PatternRow } from '../schemas/workflow.ts'
import type { Queryable } from '../storage/db.ts'
import { getPattern, listPatterns, type PatternFilter } from './read.ts'
import { DEFAULT_WORKFLOW, isRegressed } from './workflow.ts'
import { getWorkflow, listAudit, readWorkflows } from './workflow-store.ts'

/**
 * One pattern with members, workflow, audit trail and regressed flag; `NotFoundError` if unknown.
 * @example const p = await getPatternFull(db, id); if (p.regressed) …
 */
export async function getPatternFull(db: Queryable, id: string, scope?: TokenScope): Promise<PatternFull> {
  const pattern = await getPattern(db, id, scope)
  const [workflow, audit] = await Promise.all([getWorkflow(db, id), listAudit(db, id)])
  return { ...pattern, workflow, audit, regressed: isRegressed(workflow, pattern.lastSeen) }
}

/** Patterns in rank order (as `listPatterns`) with status, owner, tickets and regressed flag. */
export async function listPatternRows(db: Queryable, filter: PatternFilter = {}): Promise<PatternRow[]> {
  const [patterns, workflows] = await Promise.all([listPatterns(db, filter), readWorkflows(db)])
  return patterns.map((p) => {
    const w = workflows.get(p.id) ?? DEFAULT_WORKFLOW
    return {
      ...p,
      status: w.status,
      owner: w.owner,
      tickets: w.tickets,
      regressed: isRegressed(w, p.lastSeen),
    }
  })
}
