import { z } from 'zod'
import { DocumentType, Severity } from './document.ts'

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is refused, not passed to SQL). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD' })
  .refine(
    (v) => {
      const d = new Date(`${v}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v)
    },
    { error: 'not a calendar date' },
  )
const isoDate = IsoDate

/**
 * Filters shared by search, listings and insights. Different fields combine with AND; several
 * values of one field combine with OR, except tags, which must all be present.
 */
export const SearchFilter = z.object({
  customers: z.array(z.string().min(1).max(200)).max(100).optional(),
  types: z.array(DocumentType).optional(),
  tags: z.array(z.string().min(1).max(100)).max(50).optional(),
  severities: z.array(Severity).optional(),
  /** Inclusive lower bound on the document date. */
  from: isoDate.optional(),
  /** Inclusive upper bound on the document date. */
  to: isoDate.optional(),
  /** Only these documents (alerts match a saved search against the documents an ingest changed). */
  documentIds: z.array(z.number().int().positive()).max(10_000).optional(),
})
/** Search filters. */
export type SearchFilter = z.infer<typeof SearchFilter>

/** Retrieval modes: BM25 only, vectors only, or both fused. */
export const SearchMode = z.enum(['hybrid', 'lexical', 'vector'])
/** A retrieval mode. */
export type SearchMode = z.infer<typeof SearchMode>

/** Longest accepted query, in characters. */
export const MAX_QUERY_CHARS = 1000

/** A search request, as the API, CLI and UI send it. */
export const SearchRequest = z.object({
  q: z
    .string()
    .trim()
    .min(1, { error: 'the query is empty' })
    .max(MAX_QUERY_CHARS, { error: `the query is over ${MAX_QUERY_CHARS} characters; shorten it` })
    // PostgreSQL text cannot hold NUL; refuse it here rather than fail in SQL.
    .refine((q) => !q.includes('\u0000'), { error: 'the query contains a NUL character' }),
  filter: SearchFilter.default({}),
  k: z.number().int().min(1).max(100).default(10),
  /** `document` keeps the best chunk per document. */
  group: z.enum(['chunk', 'document']).default('chunk'),
  mode: SearchMode.default('hybrid'),
})
/** A search request (input form: defaults optional). */
export type SearchRequestInput = z.input<typeof SearchRequest>
/** A validated search request. */
export type SearchRequest = z.infer<typeof SearchRequest>

/** The document fields shown with every hit. */
export const DocumentSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  customer: z.string(),
  type: z.string(),
  date: z.string(),
  severity: z.string().nullable(),
  tags: z.array(z.string()),
  /** Relative to the ingest root. */
  sourcePath: z.string(),
})
/** Document fields of a hit. */
export type DocumentSummary = z.infer<typeof DocumentSummary>

/** One search result. */
export const SearchHit = z.object({
  chunkId: z.number().int(),
  ordinal: z.number().int(),
  headingPath: z.array(z.string()),
  text: z.string(),
  /** HTML-escaped excerpt with matches wrapped in `<mark>`; safe to render as HTML. */
  highlight: z.string(),
  /** Fused score (higher is better). */
  score: z.number(),
  /** 1-based rank in the lexical (BM25) list, null if absent from it. */
  lexicalRank: z.number().int().nullable(),
  /** 1-based rank in the vector (kNN) list, null if absent from it. */
  vectorRank: z.number().int().nullable(),
  document: DocumentSummary,
})
/** A search hit. */
export type SearchHit = z.infer<typeof SearchHit>

/** Counts of hits per value, for facet filters in the UI. */
export const FacetCount = z.object({ value: z.string(), count: z.number().int() })

/** A search response. */
export const SearchResponse = z.object({
  query: z.string(),
  mode: SearchMode,
  hits: z.array(SearchHit),
  facets: z.object({ customers: z.array(FacetCount), types: z.array(FacetCount) }),
  tookMs: z.number(),
})
/** A search response. */
export type SearchResponse = z.infer<typeof SearchResponse>

/** A "seen elsewhere" result: a similar chunk at another customer. */
export const SimilarHit = SearchHit.omit({ lexicalRank: true, vectorRank: true }).extend({
  /** Cosine similarity in [-1, 1]. */
  similarity: z.number(),
})
/** A similar-chunk hit. */
export type SimilarHit = z.infer<typeof SimilarHit>
