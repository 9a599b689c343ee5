import { z } from 'zod'
import { Role } from '../config/schema.ts'
import { DocumentSection, DocumentStatus, DocumentType, SectionKind, Severity, Warning } from './document.ts'
import { Others } from './governance.ts'
import { SearchMode, SearchRequest, SearchResponse, SimilarHit } from './search.ts'

// Route-level request and response schemas of the HTTP API. Handlers validate with them and
// api/openapi.ts turns them into the OpenAPI document, so the two cannot drift apart.

/** Named schemas that become `components.schemas` in the OpenAPI document. */
export const apiRegistry = z.registry<{ id: string; description?: string }>()

// PostgreSQL text cannot hold NUL; other control characters have no business in names either.
const noControl = (s: string) => !/\p{Cc}/u.test(s)
const text = (max: number) =>
  z.string().min(1).max(max).refine(noControl, { error: 'control characters are not allowed' })

const isCalendarDate = (v: string) => {
  const [y, m, d] = v.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return y >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** A real calendar date `YYYY-MM-DD` (years 1–9999), so an impossible date never reaches SQL. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD' })
  .refine(isCalendarDate, { error: 'not a calendar date' })

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max)

/** Repeatable (or comma-separated) filter parameters shared by search and the document list. */
const filterParams = {
  customer: z.array(text(200)).max(100).optional().describe('customer name (case-insensitive)'),
  type: z.array(DocumentType).max(3).optional(),
  tag: z.array(text(100)).max(50).optional().describe('every given tag must be present'),
  severity: z.array(Severity).max(4).optional(),
  from: CalendarDate.optional().describe('inclusive lower bound on the document date'),
  to: CalendarDate.optional().describe('inclusive upper bound on the document date'),
}

/** Query of `GET /api/search`. */
export const SearchQuery = z.object({
  q: SearchRequest.shape.q.refine((s) => !s.includes('\0'), { error: 'NUL characters are not allowed' }),
  ...filterParams,
  k: count(1, 100).optional(),
  group: z.enum(['chunk', 'document']).optional(),
  mode: SearchMode.optional(),
})

/** Query of `GET /api/documents`. */
export const DocumentListQuery = z.object({
  ...filterParams,
  status: DocumentStatus.optional(),
  page: count(1, 1_000_000).default(1),
  pageSize: count(1, 100).default(20),
})

/** Path parameter naming a document or token by its positive integer id. */
export const IdParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, { error: 'expected a positive integer id' })
    .transform(Number),
})

/** Path parameter of `GET /api/similar/:chunkId`. */
export const ChunkIdParam = z.object({ chunkId: IdParam.shape.id })

/** Query of `GET /api/similar/:chunkId`. */
export const SimilarQuery = z.object({ k: count(1, 100).optional() })

/** Query of `POST /api/documents` when the body is the raw file. */
export const UploadQuery = z.object({
  filename: z.string().max(255).optional().describe('file name for a raw-body upload, e.g. notes.md'),
})

/** Multipart form of `POST /api/documents`. */
export const UploadForm = z
  .object({
    file: z.string().meta({ contentMediaType: 'application/octet-stream' }),
    customer: z.string().max(200).optional().describe('customer name; beats the file and the path'),
    type: DocumentType.optional(),
    date: z.string().optional().describe('YYYY-MM-DD'),
    severity: Severity.optional(),
  })
  .describe('a markdown, text, HTML, PDF, DOCX, .eml or .mbox file, with optional metadata fields')

/** Body of `POST /api/tokens`. */
export const CreateTokenBody = z
  .object({
    role: Role,
    name: text(100).optional(),
    customers: z.array(text(200)).min(1).max(100).optional().describe('customers this token reads in full'),
    others: Others.optional().describe(
      'how other customers look: pseudonymous (default with customers), none, full',
    ),
  })
  .strict()

/** RFC 9457 problem details, as every error response carries them. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  code: z.string().describe('stable machine-readable error code'),
  hint: z.string().optional().describe('what to do next'),
  issues: z
    .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
    .optional(),
})

/** Body of `GET /healthz`. */
export const Health = z.object({ status: z.literal('ok') })

/** One row of `GET /api/documents`. */
export const DocumentListItem = z.object({
  id: z.number().int(),
  title: z.string().nullable(),
  customer: z.string().nullable(),
  type: z.string().nullable(),
  date: z.string().nullable(),
  severity: z.string().nullable(),
  tags: z.array(z.string()),
  sourcePath: z.string(),
  status: DocumentStatus,
  error: z.string().nullable(),
  updatedAt: z.string(),
})

/** Body of `GET /api/documents`. */
export const DocumentList = z.object({
  items: z.array(DocumentListItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

/** Body of `GET /api/documents/:id`. */
export const DocumentDetail = DocumentListItem.extend({
  author: z.string().nullable(),
  format: z.string().nullable(),
  frontmatter: z.record(z.string(), z.unknown()),
  warnings: z.array(Warning),
  redactions: z.record(z.string(), z.number()),
  ingestedAt: z.string(),
  /** The redacted body as parsed (markdown, or the text of a .txt); null for failed files. */
  body: z.string().nullable(),
  /** The section tree in document order, each heading with its kind and its span in `body`. */
  sections: z.array(DocumentSection),
  chunks: z.array(
    z.object({
      id: z.number().int(),
      ordinal: z.number().int(),
      headingPath: z.array(z.string()),
      text: z.string(),
      tokenCount: z.number().int(),
      sectionKind: SectionKind,
    }),
  ),
})

/** Body of a successful `POST /api/documents`. */
export const UploadResult = z.object({
  status: z.enum(['added', 'updated', 'unchanged']),
  documentId: z.number().int(),
  sourcePath: z.string(),
  chunks: z.number().int().optional(),
  redactions: z.record(z.string(), z.number()).optional(),
  warnings: z.array(Warning).optional(),
})

/** Body of `GET /api/similar/:chunkId`. */
export const SimilarResponse = z.object({ chunkId: z.number().int(), hits: z.array(SimilarHit) })

/** Body of `GET /api/stats`. */
export const StatsResponse = z.object({
  documents: z.number().int(),
  failed: z.number().int(),
  chunks: z.number().int(),
  customers: z.number().int(),
  byType: z.record(z.string(), z.number().int()),
  embeddingModel: z.string().nullable(),
  lastIngestAt: z.string().nullable(),
  failedFiles: z.array(
    z.object({ id: z.number().int(), sourcePath: z.string(), error: z.string(), updatedAt: z.string() }),
  ),
})

/** A stored API token as listed (never the token itself). */
export const TokenInfo = z.object({
  id: z.number().int(),
  name: z.string(),
  role: Role,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  customers: z.array(z.string()).nullable(),
  others: Others,
})

/** Body of `GET /api/tokens`. */
export const TokenList = z.object({
  items: z.array(TokenInfo),
  staticTokens: z.number().int().describe('tokens configured in FIELDKB_API_TOKENS (not listed)'),
})

/** Body of `POST /api/tokens`: the only response that ever contains the token. */
export const CreatedToken = TokenInfo.extend({ token: z.string() })

const components = { Problem, Health, SearchResponse, DocumentList, DocumentDetail, UploadForm, UploadResult }
const more = { SimilarResponse, StatsResponse, CreateTokenBody, TokenList, CreatedToken }
for (const [id, schema] of Object.entries({ ...components, ...more })) apiRegistry.add(schema, { id })
