import type { Context, Hono } from 'hono'
import { viewerOf } from '../../api/governance.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { buildBrief, patternsCsv, renderBriefMarkdown } from '../../insights/brief.ts'
import { briefChunks } from '../../insights/brief-load.ts'
import { getPatternFull, listPatternRows } from '../../insights/workflow-read.ts'
import { type Actor, updateWorkflow } from '../../insights/workflow-store.ts'
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts'
import { PatternIdParam } from '../../schemas/insights.ts'
import { WorkflowPatch } from '../../schemas/workflow.ts'
import { assertCsrf, checkOrigin, requireViewer } from '../guard.ts'
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
    const csv = patternsCsv(await listPatternRows(deps.db, { scope: scopeOf(viewerOf(c)) }), base)
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8' })
  })

  router.get('/patterns/:id/brief.md', requireViewer('reader'), async (c) => {
    const id = patternIdOf(c)
    const scope = scopeOf(viewerOf(c))
    const brief = buildBrief(
      await getPatternFull(deps.db, id, scope),
      await briefChunks(deps.db, id, scope),
      base,
    )
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
