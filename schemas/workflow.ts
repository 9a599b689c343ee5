import { z } from 'zod'
import { apiRegistry, CalendarDate } from './api.ts'
import { InsightRun, PatternDetail, PatternSummary } from './insights.ts'

// The pattern workflow (status, owner, tickets, notes, audit), the product brief and their API
// bodies: `PATCH /api/patterns/:id`, `GET /api/patterns/:id/brief`, `fieldkb patterns set|export`.

// Control characters other than tab and line breaks (notes may span lines).
const noControl = (s: string) => ![...s].some((ch) => /\p{Cc}/u.test(ch) && !'\t\n\r'.includes(ch))

/** Where a pattern stands with product, in workflow order. */
export const PATTERN_STATUSES = ['new', 'acknowledged', 'planned', 'fixed', 'wont-fix'] as const

/** Workflow status of a pattern. */
export const PatternStatus = z.enum(PATTERN_STATUSES, {
  error: `expected one of ${PATTERN_STATUSES.join(', ')}`,
})
/** A workflow status. */
export type PatternStatus = z.infer<typeof PatternStatus>

/** A ticket link: an absolute http(s) URL without credentials. */
export const TicketUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (s) => {
      if (!URL.canParse(s)) return false
      const u = new URL(s)
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password
    },
    { error: 'expected an http(s) URL such as https://tracker.example/PROJ-12' },
  )

/** Body of `PATCH /api/patterns/:id`: only the fields given change; `null` clears one. */
export const WorkflowPatch = z
  .strictObject({
    status: PatternStatus.optional(),
    owner: z.string().trim().min(1).max(200).refine(noControl, 'control characters').nullable().optional(),
    tickets: z.array(TicketUrl).max(20).optional().describe('replaces the ticket list'),
    addTickets: z.array(TicketUrl).max(20).optional().describe('appended to the ticket list'),
    notes: z.string().max(20_000).refine(noControl, 'control characters').nullable().optional(),
    fixedOn: CalendarDate.nullable()
      .optional()
      .describe('day the fix shipped (default: today when status becomes fixed)'),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { error: 'nothing to change' })
/** A validated workflow change. */
export type WorkflowPatch = z.infer<typeof WorkflowPatch>

/** A pattern the workflow was carried from when it split or merged. */
export const CarriedFrom = z.object({ id: z.string(), label: z.string() })

/** What product decided about a pattern. */
export const PatternWorkflow = z.object({
  status: PatternStatus,
  owner: z.string().nullable(),
  tickets: z.array(z.string()),
  notes: z.string().nullable(),
  fixedOn: z.string().nullable(),
  carriedFrom: z.array(CarriedFrom),
  updatedAt: z.string().nullable(),
})
/** A pattern's workflow. */
export type PatternWorkflow = z.infer<typeof PatternWorkflow>

/** One change in the audit trail. */
export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
})
/** An audit entry. */
export type AuditEntry = z.infer<typeof AuditEntry>

/** A listed pattern with its workflow status and regressed flag. */
export const PatternRow = PatternSummary.extend({
  status: PatternStatus,
  owner: z.string().nullable(),
  tickets: z.array(z.string()),
  regressed: z.boolean().describe('fixed, but a member document is dated after the fix'),
})
/** A pattern row of the CSV export and the CLI listing. */
export type PatternRow = z.infer<typeof PatternRow>

/** Response of `GET /api/patterns`: rows with workflow, and the refresh they come from. */
export const PatternRowList = z.object({ patterns: z.array(PatternRow), run: InsightRun.nullable() })

/** Response of `GET /api/patterns/:id`: the pattern, its workflow, audit trail and regressed flag. */
export const PatternFull = PatternDetail.extend({
  workflow: PatternWorkflow,
  audit: z.array(AuditEntry),
  regressed: z.boolean(),
})
/** A pattern with workflow. */
export type PatternFull = z.infer<typeof PatternFull>

/** Query of `GET /api/patterns/:id/brief`. */
export const BriefQuery = z.object({ format: z.enum(['md', 'json']).default('md') })

/** A quoted piece of evidence with a link to its document. */
export const BriefEvidence = z.object({
  customer: z.string(),
  date: z.string(),
  title: z.string(),
  heading: z.string().nullable(),
  excerpt: z.string(),
  url: z.string(),
})

/** A pattern as a product brief, ready to paste into a ticket. */
export const Brief = z.object({
  id: z.string(),
  title: z.string(),
  problem: z.string(),
  customers: z.array(z.string()),
  customerCount: z.number().int(),
  documentCount: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  trend: z.string(),
  regressed: z.boolean(),
  url: z.string(),
  evidence: z.array(BriefEvidence),
  knownFixes: z.array(BriefEvidence),
  workflow: PatternWorkflow,
})
/** A product brief. */
export type Brief = z.infer<typeof Brief>
/** Evidence or a known fix in a brief. */
export type BriefEvidence = z.infer<typeof BriefEvidence>

for (const [id, schema] of Object.entries({
  PatternWorkflow,
  AuditEntry,
  PatternFull,
  Brief,
  WorkflowPatch,
})) {
  apiRegistry.add(schema, { id })
}
