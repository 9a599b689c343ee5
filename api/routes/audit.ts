import { Hono } from 'hono'
import { AuditList, AuditQuery } from '../../schemas/governance.ts'
import { listAudit } from '../../storage/audit.ts'
import type { Db } from '../../storage/db.ts'
import { type AppEnv, requireRole } from '../auth.ts'
import type { RouteDoc } from '../openapi.ts'
import { parseQuery } from '../validate.ts'

/** OpenAPI description of the audit route (admin only). */
export const auditDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/audit',
    summary: "Reads of customers' documents by tokens outside those customers' scope, newest first",
    role: 'admin',
    query: AuditQuery,
    responses: { 200: { description: 'audit entries (who, what, when)', schema: AuditList } },
  },
]

/** `GET /audit` for admins; mount under `/api`. */
export function auditRouter(deps: { db: Db }): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/audit', requireRole('admin'), async (c) => {
    const { limit } = parseQuery(c, AuditQuery)
    return c.json({ items: await listAudit(deps.db, limit) })
  })
}
