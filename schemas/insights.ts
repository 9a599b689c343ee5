import { z } from 'zod'
import { apiRegistry, CalendarDate } from './api.ts'

// Request and response schemas of the insights API (`/api/patterns`, `/api/edge-cases`) and the
// `fieldkb patterns --json` / `fieldkb insights refresh --json` output.

const noControl = (s: string) => !/\p{Cc}/u.test(s)

/** Query of `GET /api/patterns`. */
export const PatternsQuery = z
  .object({
    from: CalendarDate.optional().describe('only patterns with a member dated on or after this day'),
    to: CalendarDate.optional().describe('only patterns with a member dated on or before this day'),
    minCustomers: z.coerce
      .number({ error: 'expected an integer' })
      .int({ error: 'expected an integer' })
      .min(1)
      .max(10_000)
      .optional()
      .describe('only patterns spanning at least this many distinct customers'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: '`from` is after `to`', path: ['from'] })
/** Validated patterns query. */
export type PatternsQuery = z.infer<typeof PatternsQuery>

/** Flags of `fieldkb insights refresh`. */
export const RefreshFlags = z.object({
  minCustomers: z.coerce
    .number({ error: 'expected an integer' })
    .int({ error: 'expected an integer' })
    .min(1)
    .max(10_000)
    .optional(),
  asOf: CalendarDate.optional(),
})

/** Path parameter of `GET /api/patterns/:id`: the 16-hex-digit pattern id. */
export const PatternIdParam = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/, { error: 'expected a pattern id (16 hex digits)' }),
})

/** Query of `GET /api/edge-cases`. */
export const EdgeCasesQuery = z.object({
  customer: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine(noControl, { error: 'control characters are not allowed' })
    .optional()
    .describe('customer name (case-insensitive)'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
/** Validated edge-case query. */
export type EdgeCasesQuery = z.infer<typeof EdgeCasesQuery>

/** Distinct documents of a pattern in one ISO week. */
export const WeekCount = z.object({
  week: z.string().describe('ISO week, e.g. 2026-W47'),
  count: z.number().int(),
})

/** Trend label; see the trend rule in insights/trend.ts. */
export const Trend = z.enum(['spike', 'new', 'rising', 'steady', 'fading'])

/** A recurring problem as listed. */
export const PatternSummary = z.object({
  id: z.string(),
  rank: z.number().int(),
  label: z.string(),
  terms: z.array(z.string()),
  summary: z.string().nullable(),
  excerpt: z.string(),
  customers: z.array(z.string()),
  customerCount: z.number().int(),
  documentCount: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  trend: Trend,
  weeklyCounts: z.array(WeekCount),
  computedAt: z.string(),
})
/** A listed pattern. */
export type PatternSummary = z.infer<typeof PatternSummary>

/** A chunk of a pattern with its document. */
export const PatternMemberDoc = z.object({
  chunkId: z.number().int(),
  headingPath: z.array(z.string()),
  similarity: z.number(),
  documentId: z.number().int(),
  title: z.string(),
  sourcePath: z.string(),
  customer: z.string(),
  date: z.string(),
})
/** A pattern member with its document. */
export type PatternMemberDoc = z.infer<typeof PatternMemberDoc>

/** One pattern with its members. */
export const PatternDetail = PatternSummary.extend({ members: z.array(PatternMemberDoc) })
/** A pattern with members. */
export type PatternDetail = z.infer<typeof PatternDetail>

/** The last refresh: when it ran and what it saw. */
export const InsightRun = z.object({
  id: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string(),
  inputHash: z.string(),
  params: z.record(z.string(), z.unknown()),
  counts: z.record(z.string(), z.unknown()),
})
/** A refresh record. */
export type InsightRun = z.infer<typeof InsightRun>

/** Response of `GET /api/patterns`. */
export const PatternList = z.object({ patterns: z.array(PatternSummary), run: InsightRun.nullable() })

/** A one-off problem section. */
export const EdgeCase = z.object({
  id: z.number().int(),
  chunkId: z.number().int(),
  documentId: z.number().int(),
  title: z.string(),
  sourcePath: z.string(),
  customer: z.string(),
  reason: z.enum(['heading', 'unmatched']),
  heading: z.string().nullable(),
  excerpt: z.string(),
  date: z.string(),
  /** 1 = most worth reading (edge-case kind first, then the least echoed at other customers). */
  rank: z.number().int().nullable(),
})
/** An edge case. */
export type EdgeCase = z.infer<typeof EdgeCase>

/** Response of `GET /api/edge-cases`. */
export const EdgeCaseList = z.object({ edgeCases: z.array(EdgeCase) })

for (const [id, schema] of Object.entries({ PatternSummary, PatternDetail, EdgeCase, InsightRun })) {
  apiRegistry.add(schema, { id })
}
