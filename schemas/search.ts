import { z } from 'zod'
import { DocumentType, Severity } from './document.ts'

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD' })

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
})
/** Search filters. */
export type SearchFilter = z.infer<typeof SearchFilter>
