import { z } from 'zod'
import { apiRegistry } from './api.ts'
import { SearchFilter } from './search.ts'

/** Kinds of alert: a saved search, one watched pattern, or any pattern reaching N customers. */
export const AlertKind = z.enum(['search', 'pattern', 'customers'])
/** An alert kind. */
export type AlertKind = z.infer<typeof AlertKind>

const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
  .max(2000, { error: 'the URL is over 2000 characters' })

/** Where an alert notifies: e-mail addresses and/or one webhook URL (at least one of them). */
export const AlertChannels = z.object({
  email: z
    .array(z.email({ error: 'not an e-mail address' }))
    .max(20)
    .default([]),
  webhookUrl: HttpUrl.nullable().default(null),
})

/** The body of `POST /api/alerts` (and what `fieldkb alerts add-search|watch` builds). */
export const CreateAlertBody = z
  .object({
    kind: AlertKind,
    /** Saved-search query (kind `search`). */
    query: z.string().trim().min(1, { error: 'the query is empty' }).max(1000).optional(),
    /** Saved-search filters (kind `search`). */
    filter: SearchFilter.omit({ documentIds: true }).default({}),
    /** Watched pattern id (kind `pattern`). */
    patternId: z.string().trim().min(1).max(200).optional(),
    /** Customer threshold (kind `customers`). */
    minCustomers: z
      .number()
      .int()
      .min(2, { error: 'a pattern spans at least 2 customers' })
      .max(1000)
      .optional(),
    owner: z.string().trim().min(1).max(200).optional(),
  })
  .extend(AlertChannels.shape)
  .superRefine((a, ctx) => {
    const need = { search: 'query', pattern: 'patternId', customers: 'minCustomers' } as const
    const field = need[a.kind]
    if (a[field] === undefined)
      ctx.addIssue({ code: 'custom', path: [field], message: `required for a ${a.kind} alert` })
    if (a.email.length === 0 && a.webhookUrl === null) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'give an e-mail address or a webhook URL' })
    }
  })
/** Input of alert creation. */
export type CreateAlertBody = z.output<typeof CreateAlertBody>

/** A stored alert (never its webhook secret, except in {@link CreatedAlert}). */
export const Alert = z.object({
  id: z.number().int(),
  kind: AlertKind,
  query: z.string().nullable(),
  filter: SearchFilter.omit({ documentIds: true }),
  patternId: z.string().nullable(),
  minCustomers: z.number().int().nullable(),
  owner: z.string().nullable(),
  email: z.array(z.string()),
  webhookUrl: z.string().nullable(),
  createdAt: z.iso.datetime(),
  /** Deliveries sent, and failed ones waiting for the next evaluation. */
  sent: z.number().int(),
  failed: z.number().int(),
})
/** A stored alert. */
export type Alert = z.infer<typeof Alert>

/** The response to creating an alert: the only time its webhook signing secret is shown. */
export const CreatedAlert = Alert.extend({ secret: z.string() })
/** A created alert with its secret. */
export type CreatedAlert = z.infer<typeof CreatedAlert>

/** `GET /api/alerts`. */
export const AlertList = z.object({ items: z.array(Alert) })

/** What happened: a document matched a saved search, joined a watched pattern, or a pattern reached N customers. */
export const AlertEventType = z.enum(['search.match', 'pattern.member', 'pattern.customers'])

/** A document as notifications show it (stored, redacted text only). */
export const AlertDocument = z.object({
  id: z.number().int(),
  title: z.string(),
  customer: z.string(),
  type: z.string(),
  date: z.string(),
  url: z.string(),
  excerpt: z.string().nullable(),
})

/** A pattern as notifications show it. */
export const AlertPattern = z.object({
  id: z.string(),
  label: z.string(),
  customerCount: z.number().int(),
  customers: z.array(z.string()),
  url: z.string(),
})

/** The JSON body of a webhook delivery (and what the e-mail says). */
export const AlertEvent = z.object({
  type: AlertEventType,
  /** Unique per alert: the same event is never delivered twice. */
  eventKey: z.string(),
  alert: Alert.pick({ id: true, kind: true, query: true, patternId: true, minCustomers: true, owner: true }),
  document: AlertDocument.nullable(),
  pattern: AlertPattern.nullable(),
  occurredAt: z.iso.datetime(),
})
/** One alert event. */
export type AlertEvent = z.infer<typeof AlertEvent>

for (const [id, schema] of Object.entries({ Alert, CreatedAlert, AlertEvent }))
  apiRegistry.add(schema, { id })
