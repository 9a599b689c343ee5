/** `alerts` and `alert_deliveries` (migration 016): saved searches, subscriptions, and the once-only delivery claim. */
import { randomBytes } from 'node:crypto'
import type { Alert, AlertEvent, CreateAlertBody, CreatedAlert } from '../schemas/alerts.ts'
import type { Queryable } from './db.ts'

const COLUMNS = `a.id, a.kind, a.query, a.filter, a.pattern_id AS "patternId", a.min_customers AS "minCustomers",
  a.owner, a.email, a.webhook_url AS "webhookUrl",
  to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
  (SELECT count(*) FROM alert_deliveries x WHERE x.alert_id = a.id AND x.status = 'sent')::int AS sent,
  (SELECT count(*) FROM alert_deliveries x WHERE x.alert_id = a.id AND x.status = 'failed')::int AS failed`

/** A stored alert with its signing secret, as evaluation needs it. */
export type AlertWithSecret = Alert & { secret: string }

const normalise = <T extends { id: number }>(row: T): T => ({ ...row, id: Number(row.id) })

/** Store a new alert with a fresh random webhook secret; returns it, secret included. */
export async function createAlert(db: Queryable, body: CreateAlertBody): Promise<CreatedAlert> {
  const secret = randomBytes(24).toString('base64url')
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO alerts (kind, query, filter, pattern_id, min_customers, owner, email, webhook_url, secret)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7::text[], $8, $9) RETURNING id`,
    [
      body.kind,
      body.kind === 'search' ? (body.query ?? null) : null,
      JSON.stringify(body.kind === 'search' ? body.filter : {}),
      body.kind === 'pattern' ? (body.patternId ?? null) : null,
      body.kind === 'customers' ? (body.minCustomers ?? null) : null,
      body.owner ?? null,
      body.email,
      body.webhookUrl,
      secret,
    ],
  )
  const alert = (await getAlert(db, Number(row!.id)))!
  return { ...alert, secret }
}

/** All alerts, oldest first (secrets left out). */
export async function listAlerts(db: Queryable): Promise<Alert[]> {
  return (await db.query<Alert>(`SELECT ${COLUMNS} FROM alerts a ORDER BY a.id`)).map(normalise)
}

/** One alert, or null. */
export async function getAlert(db: Queryable, id: number): Promise<Alert | null> {
  const [row] = await db.query<Alert>(`SELECT ${COLUMNS} FROM alerts a WHERE a.id = $1`, [id])
  return row ? normalise(row) : null
}

/** Every alert with its secret (for evaluation and signing only; never returned to clients). */
export async function alertsWithSecrets(db: Queryable): Promise<AlertWithSecret[]> {
  return (await db.query<AlertWithSecret>(`SELECT ${COLUMNS}, a.secret FROM alerts a ORDER BY a.id`)).map(
    normalise,
  )
}

/** Delete an alert (and its delivery records); false when there was none. */
export async function removeAlert(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query('DELETE FROM alerts WHERE id = $1 RETURNING id', [id])
  return rows.length > 0
}

/** Notification channels. */
export type Channel = 'email' | 'webhook'

/** A claimed delivery: this process, and only this one, sends it now. */
export interface ClaimedDelivery {
  id: number
  alertId: number
  channel: Channel
  event: AlertEvent
  attempts: number
}

/** How long a `pending` claim blocks others: past this its process is presumed dead mid-send. */
export const STALE_DELIVERY_MS = 10 * 60_000

/**
 * Claim the delivery of `event` on `channel`: INSERT it, or take over a failed (or stale pending)
 * one. Returns null when another process already sent it or is sending it right now. One atomic
 * statement, so concurrent evaluators let exactly one in.
 */
export async function claimDelivery(
  db: Queryable,
  alertId: number,
  channel: Channel,
  event: AlertEvent,
  staleMs = STALE_DELIVERY_MS,
): Promise<ClaimedDelivery | null> {
  const [row] = await db.query<{ id: number; attempts: number; payload: AlertEvent }>(
    `INSERT INTO alert_deliveries (alert_id, event_key, channel, payload, status)
     VALUES ($1, $2, $3, $4::jsonb, 'pending')
     ON CONFLICT (alert_id, event_key, channel) DO UPDATE SET status = 'pending', claimed_at = now()
       WHERE alert_deliveries.status = 'failed'
          OR (alert_deliveries.status = 'pending'
              AND alert_deliveries.claimed_at < now() - make_interval(secs => $5::double precision))
     RETURNING id, attempts, payload`,
    [alertId, event.eventKey, channel, JSON.stringify(event), staleMs / 1000],
  )
  // A retried delivery sends what was recorded the first time.
  return row ? { id: Number(row.id), alertId, channel, event: row.payload, attempts: row.attempts } : null
}

/** Deliveries that failed last time (or were abandoned mid-send), to claim again. */
export async function retryableDeliveries(
  db: Queryable,
  staleMs = STALE_DELIVERY_MS,
): Promise<{ alertId: number; channel: Channel; event: AlertEvent }[]> {
  const rows = await db.query<{ alertId: number; channel: Channel; payload: AlertEvent }>(
    `SELECT alert_id AS "alertId", channel, payload FROM alert_deliveries
     WHERE status = 'failed'
        OR (status = 'pending' AND claimed_at < now() - make_interval(secs => $1::double precision))
     ORDER BY id`,
    [staleMs / 1000],
  )
  return rows.map((r) => ({ alertId: Number(r.alertId), channel: r.channel, event: r.payload }))
}

/** Record the outcome of a claimed delivery: sent, or failed with the reason (retried next time). */
export async function finishDelivery(db: Queryable, id: number, error: string | null): Promise<void> {
  await db.query(
    `UPDATE alert_deliveries SET attempts = attempts + 1, last_error = $2,
       status = CASE WHEN $2::text IS NULL THEN 'sent' ELSE 'failed' END,
       sent_at = CASE WHEN $2::text IS NULL THEN now() ELSE NULL END
     WHERE id = $1`,
    [id, error],
  )
}

/** A recorded delivery, for `alerts list --deliveries` and tests. */
export interface DeliveryRecord {
  alertId: number
  eventKey: string
  channel: Channel
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  lastError: string | null
}

/** Every recorded delivery, oldest first. */
export async function listDeliveries(db: Queryable, alertId?: number): Promise<DeliveryRecord[]> {
  const rows = await db.query<DeliveryRecord>(
    `SELECT alert_id AS "alertId", event_key AS "eventKey", channel, status, attempts, last_error AS "lastError"
     FROM alert_deliveries WHERE $1::bigint IS NULL OR alert_id = $1 ORDER BY id`,
    [alertId ?? null],
  )
  return rows.map((r) => ({ ...r, alertId: Number(r.alertId) }))
}

/** A document as an alert event names it (stored, redacted fields), with its content hash. */
export interface DocumentBrief {
  id: number
  title: string
  customer: string
  type: string
  date: string
  contentHash: string | null
}

/** Briefs of `ids` that exist and ingested cleanly, by id. */
export async function documentBriefs(
  db: Queryable,
  ids: readonly number[],
): Promise<Map<number, DocumentBrief>> {
  if (ids.length === 0) return new Map()
  const rows = await db.query<DocumentBrief>(
    `SELECT id, title, customer, type, date::text AS date, content_hash AS "contentHash"
     FROM documents WHERE id = ANY($1::bigint[]) AND status = 'ok'`,
    [ids],
  )
  return new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id) }]))
}

/** The database clock, as an ISO timestamp (watermarks compare with `updated_at` on the same clock). */
export async function databaseNow(db: Queryable): Promise<string> {
  const [row] = await db.query<{ now: string }>(
    `SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now`,
  )
  return row!.now
}

/** Ids of documents ingested or re-ingested cleanly in (`after`, `upTo`], oldest first. */
export async function documentsChangedBetween(db: Queryable, after: string, upTo: string): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM documents WHERE status = 'ok' AND updated_at > $1::timestamptz AND updated_at <= $2::timestamptz
     ORDER BY updated_at, id`,
    [after, upTo],
  )
  return rows.map((r) => Number(r.id))
}
