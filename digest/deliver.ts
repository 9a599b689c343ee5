/** Build, render and mail one period's digest at most once (the CLI `--send` and the schedule share it). */
import type { Config } from '../config/load.ts'
import type { Digest, DigestPeriod } from '../schemas/digest.ts'
import type { Db } from '../storage/db.ts'
import {
  blocksSending,
  claimSend,
  completeSend,
  findSend,
  recordForcedSend,
  releaseSend,
  STALE_CLAIM_MS,
} from '../storage/digest-runs.ts'
import { buildDigest } from './build.ts'
import { digestSubject } from './format.ts'
import { renderHtml } from './render-html.ts'
import { renderText } from './render-text.ts'
import { type DigestMessage, mailSettings, sendDigestMail } from './send.ts'

/** Options of {@link sendDigestOnce}. */
export interface SendOnceOptions {
  /** Recipients instead of FIELDKB_DIGEST_TO. */
  to?: string[] | undefined
  /** Send even if this period was already sent (the record is then replaced). */
  force?: boolean | undefined
  now?: () => Date
  log?: (line: string) => void
  /** SMTP connection/greeting/socket timeout. */
  timeoutMs?: number
  /** Age after which an unsent claim is presumed abandoned (default 30 minutes). */
  staleClaimMs?: number
  /** Why this period was chosen, shown at the top of the digest. */
  note?: string | null
}

/** What happened: sent (with what the server accepted), or skipped because it was already sent or is being sent. */
export type SendOnceOutcome =
  | {
      status: 'sent'
      period: DigestPeriod
      subject: string
      messageId: string
      accepted: string[]
      rejected: string[]
      digest: Digest
    }
  | {
      status: 'skipped'
      period: DigestPeriod
      reason: 'already-sent' | 'in-progress'
      sentAt: string | null
      messageId: string | null
    }

/** Render a digest to the e-mail's subject, text and HTML. */
export function digestMessage(digest: Digest): DigestMessage {
  return { subject: digestSubject(digest), text: renderText(digest), html: renderHtml(digest) }
}

/**
 * Send the digest for `period` unless it was already sent: claim the period in `digest_sends`,
 * send, then mark it sent — or drop the claim when sending fails, so a later attempt retries.
 * Throws `ConfigError` when SMTP settings are missing and `MailError` when delivery fails.
 * @example const outcome = await sendDigestOnce(db, config, lastCompleteWeek(new Date(), config.timezone))
 */
export async function sendDigestOnce(
  db: Db,
  config: Config,
  period: DigestPeriod,
  options: SendOnceOptions = {},
): Promise<SendOnceOutcome> {
  const mail = mailSettings(config, options.to)
  const staleMs = options.staleClaimMs ?? STALE_CLAIM_MS
  const skipped = async (): Promise<SendOnceOutcome | null> => {
    const existing = await findSend(db, period, staleMs)
    if (!existing || !blocksSending(existing)) return null
    const reason = existing.sentAt ? 'already-sent' : 'in-progress'
    return { status: 'skipped', period, reason, sentAt: existing.sentAt, messageId: existing.messageId }
  }
  // Checked before building, so a tick that has nothing to do costs no model call.
  if (!options.force) {
    const early = await skipped()
    if (early) return early
  }
  const digest = await buildDigest(db, {
    period,
    publicUrl: config.server.publicUrl,
    chat: config.chat,
    ...(options.now ? { now: options.now } : {}),
    ...(options.log ? { log: options.log } : {}),
    note: options.note ?? null,
  })
  const message = digestMessage(digest)
  const send = () => sendDigestMail(mail, message, options.timeoutMs ? { timeoutMs: options.timeoutMs } : {})
  const sent = (r: Awaited<ReturnType<typeof send>>): SendOnceOutcome => ({
    status: 'sent',
    period,
    subject: message.subject,
    ...r,
    digest,
  })

  if (options.force) {
    const result = await send()
    await recordForcedSend(db, period, {
      recipients: mail.to,
      subject: message.subject,
      messageId: result.messageId,
    })
    return sent(result)
  }
  const claim = await claimSend(db, period, { recipients: mail.to, subject: message.subject }, staleMs)
  if (claim === null) {
    // Another process claimed the period between the check above and this claim.
    const lost = await skipped()
    return lost ?? { status: 'skipped', period, reason: 'in-progress', sentAt: null, messageId: null }
  }
  let result: Awaited<ReturnType<typeof send>>
  try {
    result = await send()
  } catch (error) {
    // If even the release fails, the claim turns stale after staleMs and is retried then.
    await releaseSend(db, claim).catch(() => undefined)
    throw error
  }
  await completeSend(db, claim, result.messageId)
  return sent(result)
}
