import { z } from 'zod'
import { apiRegistry } from './api.ts'
import { SectionKind } from './document.ts'
import { IsoDate } from './search.ts'

/** The dates a digest covers: both ends inclusive, in the configured time zone. */
export const DigestPeriod = z.object({
  from: IsoDate,
  to: IsoDate,
  /** IANA zone the period was computed in (e.g. `Europe/Berlin`). */
  timezone: z.string().min(1),
  /** For people, e.g. "Week of 16 Nov 2026" or "14–20 Nov 2026". */
  label: z.string().min(1),
})
/** A digest period. */
export type DigestPeriod = z.infer<typeof DigestPeriod>

const count = z.number().int().min(0)

/** Counts for the period: documents by type, active customers, incidents by severity. */
export const DigestHeadline = z.object({
  documents: count,
  byType: z.object({ 'field-report': count, incident: count, 'integration-doc': count }),
  /** Distinct customers with at least one document dated in the period. */
  activeCustomers: count,
  customers: z.array(z.string()),
  incidents: count,
  /** `unknown`: incidents whose severity was not recorded. */
  bySeverity: z.object({ sev1: count, sev2: count, sev3: count, sev4: count, unknown: count }),
  /** Patterns seen at two or more customers with activity in the period. */
  crossCustomerPatterns: count,
})
/** Headline numbers. */
export type DigestHeadline = z.infer<typeof DigestHeadline>

/** Trend labels of a pattern (mirrors the insights module). */
export const DigestTrend = z.enum(['spike', 'new', 'rising', 'steady', 'fading'])

/** A recurring cross-customer pattern as the digest shows it. */
export const DigestPattern = z.object({
  /** Stable pattern id (a hash of its members), as in `/patterns/:id`. */
  id: z.string(),
  label: z.string(),
  terms: z.array(z.string()),
  customers: z.array(z.string()),
  customerCount: count,
  documentCount: count,
  /** Documents of the pattern dated inside the period. */
  periodDocumentCount: count,
  /** Documents of the pattern dated inside the period of the same length just before. */
  previousPeriodDocumentCount: count,
  /** The trend as it stood at the end of the period (rule: insights/trend.ts). */
  trend: DigestTrend,
  /** "What fixed it": the lead sentence of a member document's fix section, when one has it. */
  fix: z.string().nullable(),
  firstSeen: IsoDate,
  lastSeen: IsoDate,
  /** `${publicUrl}/patterns/:id`. */
  url: z.string(),
  /** `${publicUrl}/search?q=<top terms>`. */
  searchUrl: z.string(),
})
/** A digest pattern. */
export type DigestPattern = z.infer<typeof DigestPattern>

/** A sev1/sev2 incident dated in the period. */
export const DigestIncident = z.object({
  documentId: z.number().int(),
  title: z.string(),
  customer: z.string(),
  date: IsoDate,
  severity: z.enum(['sev1', 'sev2', 'sev3', 'sev4']).nullable(),
  /** First sentence under a "Root cause" / "Cause" / "What happened" heading, from stored (redacted) text. */
  rootCause: z.string().nullable(),
  /** `${publicUrl}/documents/:id`. */
  url: z.string(),
})
/** A notable incident. */
export type DigestIncident = z.infer<typeof DigestIncident>

/** The same headline numbers for the period of the same length just before, to compare with. */
export const DigestComparison = z.object({
  from: IsoDate,
  to: IsoDate,
  documents: count,
  incidents: count,
  activeCustomers: count,
  bySeverity: z
    .object({ sev1: count, sev2: count, sev3: count, sev4: count, unknown: count })
    .default({ sev1: 0, sev2: 0, sev3: 0, sev4: 0, unknown: 0 }),
  /** Cross-customer patterns with a member dated in the previous period. */
  crossCustomerPatterns: count.default(0),
})
/** The previous period's numbers. */
export type DigestComparison = z.infer<typeof DigestComparison>

/** A one-off problem (fits no pattern) first recorded in the period. */
export const DigestEdgeCase = z.object({
  documentId: z.number().int(),
  title: z.string(),
  customer: z.string(),
  date: IsoDate,
  heading: z.string().nullable(),
  excerpt: z.string(),
  url: z.string(),
})
/** An edge case. */
export type DigestEdgeCase = z.infer<typeof DigestEdgeCase>

/** One "what changed" bullet: a new, rising or regressed pattern with its customer count. */
export const DigestChange = z.object({
  kind: z.enum(['new', 'rising', 'regressed']),
  patternId: z.string(),
  label: z.string(),
  customerCount: count,
  /** Documents of the pattern in the period, and in the period before. */
  periodDocumentCount: count,
  previousPeriodDocumentCount: count,
  url: z.string(),
})
/** A "what changed" bullet. */
export type DigestChange = z.infer<typeof DigestChange>

/** A pattern product has acknowledged (status from the pattern workflow), as the digest lists it. */
export const DigestAcknowledged = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  owner: z.string().nullable(),
  customers: count,
  url: z.string(),
})
/** An acknowledged pattern. */
export type DigestAcknowledged = z.infer<typeof DigestAcknowledged>

/** A bar of a digest chart. */
export const DigestBar = z.object({ label: z.string(), value: count })
/** A chart bar. */
export type DigestBar = z.infer<typeof DigestBar>

/** The weekly digest: everything the e-mail, the JSON API and the web UI show. */
export const Digest = z.object({
  period: DigestPeriod,
  headline: DigestHeadline,
  /** Cross-customer patterns active in the period, best ranked first (at most 5). */
  topPatterns: z.array(DigestPattern),
  /** Patterns whose first occurrence falls inside the period. */
  newPatterns: z.array(DigestPattern),
  /** Patterns that were spiking, new or rising at the end of the period, most customers first. */
  risingPatterns: z.array(DigestPattern),
  /** Sev1/sev2 incidents dated in the period. */
  notableIncidents: z.array(DigestIncident),
  /** The period's other incidents (sev3, sev4, severity not recorded), newest first. */
  otherIncidents: z.array(DigestIncident),
  previousPeriod: DigestComparison,
  edgeCases: z.array(DigestEdgeCase),
  links: z.object({
    /** The web UI. */
    home: z.string(),
    /** All patterns in the web UI. */
    patterns: z.string(),
    /** Search page; append an URL-encoded query. */
    search: z.string(),
  }),
  /** False when pattern mining has not run on this store yet (pattern sections are then empty). */
  insightsAvailable: z.boolean(),
  executiveSummary: z.string().nullable(),
  /** `llm` when a chat model wrote the summary, `extractive` when built from the numbers. */
  summarySource: z.enum(['llm', 'extractive']).nullable(),
  generatedAt: z.iso.datetime(),
  /** Why this period was chosen when it is not the calendar week asked for (e.g. that week was empty). */
  periodNote: z.string().nullable().default(null),
  /** At most 3 bullets: regressed, then new, then rising patterns, most customers first. */
  whatChanged: z.array(DigestChange).default([]),
  /** Patterns product has acknowledged, planned or fixed (from the pattern workflow). */
  acknowledged: z.array(DigestAcknowledged).default([]),
  /** Chart data: documents per customer in the period, and per ISO week for the 8 weeks to its end. */
  charts: z
    .object({ byCustomer: z.array(DigestBar), byWeek: z.array(DigestBar) })
    .default({ byCustomer: [], byWeek: [] }),
})
/** A digest. */
export type Digest = z.infer<typeof Digest>

// Named components in /api/openapi.json.
for (const [id, schema] of Object.entries({
  Digest,
  DigestPattern,
  DigestIncident,
  DigestEdgeCase,
  DigestComparison,
  DigestChange,
  DigestAcknowledged,
})) {
  apiRegistry.add(schema, { id })
}

/** A stored chunk as the digest's extractors read it: heading path, text and section kinds. */
export const ChunkText = z.object({
  headingPath: z.array(z.string()),
  text: z.string(),
  sectionKind: SectionKind,
  /** Kind of the innermost section (by its heading) holding the chunk, when the tree is stored. */
  headingKind: SectionKind.nullable().optional(),
})
/** A stored chunk as the digest's extractors read it. */
export type ChunkText = z.infer<typeof ChunkText>
