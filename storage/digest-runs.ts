/** `digest_sends`: the claim that makes each period's digest go out once across processes. */
import type { DigestPeriod } from '../schemas/digest.ts'
import type { Db, Queryable } from './db.ts'

/** A stored send (or a claim still in flight when `sentAt` is null). */
export interface SendRecord {
  id: number
  recipients: string[]
  subject: string
  messageId: string | null
  claimedAt: string
  sentAt: string | null
  /** Unsent and claimed longer than {@link STALE_CLAIM_MS} ago (by the database clock). */
  stale: boolean
}

/** How long an unsent claim blocks others: past this its process is presumed dead mid-send. */
export const STALE_CLAIM_MS = 30 * 60_000

const COLUMNS = `id, recipients, subject, message_id AS "messageId",
  to_char(claimed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "claimedAt",
  to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "sentAt",
  (sent_at IS NULL AND claimed_at < now() - make_interval(secs => $3::double precision)) AS stale`

type Range = Pick<DigestPeriod, 'from' | 'to'>

/** The send recorded for exactly this period, if any. */
export async function findSend(
  db: Queryable,
  period: Range,
  staleMs = STALE_CLAIM_MS,
): Promise<SendRecord | null> {
  const [row] = await db.query<SendRecord>(
    `SELECT ${COLUMNS} FROM digest_sends WHERE period_from = $1::date AND period_to = $2::date`,
    [period.from, period.to, staleMs / 1000],
  )
  return row ? { ...row, id: Number(row.id) } : null
}

/** Whether a record means "do not send": delivered, or claimed recently by a live process. */
export function blocksSending(record: SendRecord): boolean {
  return record.sentAt !== null || !record.stale
}

/**
 * Claim the period: INSERT, or take over a stale unsent claim. Returns the claim id, or null when
 * another process holds the period (sent, or sending right now). One atomic statement: with
 * concurrent claimers the unique index lets exactly one in, the others see the conflict.
 */
export async function claimSend(
  db: Db,
  period: Range,
  claim: { recipients: string[]; subject: string },
  staleMs = STALE_CLAIM_MS,
): Promise<number | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO digest_sends (period_from, period_to, recipients, subject)
       VALUES ($1::date, $2::date, $3::text[], $4)
       ON CONFLICT (period_from, period_to) DO UPDATE
         SET recipients = EXCLUDED.recipients, subject = EXCLUDED.subject, claimed_at = now()
         WHERE digest_sends.sent_at IS NULL
           AND digest_sends.claimed_at < now() - make_interval(secs => $5::double precision)
       RETURNING id`,
      [period.from, period.to, claim.recipients, claim.subject, staleMs / 1000],
    )
    return row ? Number(row.id) : null
  })
}

/** Mark a claim as delivered. */
export async function completeSend(db: Queryable, id: number, messageId: string): Promise<void> {
  await db.query('UPDATE digest_sends SET message_id = $2, sent_at = now() WHERE id = $1', [id, messageId])
}

/** Drop an unsent claim after a failed send, so the next tick retries the period. */
export async function releaseSend(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM digest_sends WHERE id = $1 AND sent_at IS NULL', [id])
}

/** Record a forced (re)send, replacing whatever was stored for the period. */
export async function recordForcedSend(
  db: Queryable,
  period: Range,
  sent: { recipients: string[]; subject: string; messageId: string },
): Promise<void> {
  await db.query(
    `INSERT INTO digest_sends (period_from, period_to, recipients, subject, message_id, sent_at)
     VALUES ($1::date, $2::date, $3::text[], $4, $5, now())
     ON CONFLICT (period_from, period_to) DO UPDATE
       SET recipients = EXCLUDED.recipients, subject = EXCLUDED.subject, message_id = EXCLUDED.message_id,
           claimed_at = now(), sent_at = now()`,
    [period.from, period.to, sent.recipients, sent.subject, sent.messageId],
  )
}
