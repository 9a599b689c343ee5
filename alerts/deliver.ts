/**
 * Deliver alert events once: claim each (alert, event, channel) in `alert_deliveries`, send, and
 * record the outcome. Failures are recorded and claimed again by the next evaluation.
 */
import type { Config } from '../config/load.ts'
import { mailSettings, sendDigestMail } from '../digest/send.ts'
import { toError } from '../lib/errors.ts'
import type { AlertEvent } from '../schemas/alerts.ts'
import {
  type AlertWithSecret,
  type Channel,
  claimDelivery,
  finishDelivery,
  retryableDeliveries,
} from '../storage/alerts.ts'
import type { Db } from '../storage/db.ts'
import { alertMessage } from './message.ts'
import { postWebhook, type WebhookOptions } from './webhook.ts'

/** Options of {@link deliverEvents}. */
export interface DeliverOptions {
  webhook?: WebhookOptions
  /** SMTP timeout. */
  mailTimeoutMs?: number
}

/** Counts of one delivery pass. */
export interface DeliveryCounts {
  sent: number
  failed: number
  /** Already delivered (or being delivered by another process): not sent again. */
  skipped: number
  errors: string[]
}

function channels(alert: AlertWithSecret): Channel[] {
  return [
    ...(alert.email.length > 0 ? (['email'] as const) : []),
    ...(alert.webhookUrl ? (['webhook'] as const) : []),
  ]
}

async function send(
  config: Config,
  alert: AlertWithSecret,
  channel: Channel,
  event: AlertEvent,
  o: DeliverOptions,
) {
  if (channel === 'webhook') {
    await postWebhook(
      alert.webhookUrl!,
      JSON.stringify(event),
      alert.secret,
      { event: event.type, delivery: event.eventKey },
      o.webhook,
    )
  } else {
    const mail = mailSettings(config, alert.email)
    await sendDigestMail(mail, alertMessage(event), o.mailTimeoutMs ? { timeoutMs: o.mailTimeoutMs } : {})
  }
}

/**
 * Deliver `events` (new ones) and every delivery that failed before, each at most once.
 * @example await deliverEvents(db, config, alerts, events)
 */
export async function deliverEvents(
  db: Db,
  config: Config,
  alerts: readonly AlertWithSecret[],
  events: readonly { alert: AlertWithSecret; event: AlertEvent }[],
  options: DeliverOptions = {},
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, failed: 0, skipped: 0, errors: [] }
  const byId = new Map(alerts.map((a) => [a.id, a]))
  const work: { alert: AlertWithSecret; channel: Channel; event: AlertEvent }[] = []
  for (const r of await retryableDeliveries(db)) {
    const alert = byId.get(r.alertId)
    if (alert && channels(alert).includes(r.channel)) work.push({ alert, channel: r.channel, event: r.event })
  }
  for (const { alert, event } of events)
    for (const channel of channels(alert)) work.push({ alert, channel, event })
  for (const w of work) {
    const claim = await claimDelivery(db, w.alert.id, w.channel, w.event)
    if (!claim) {
      counts.skipped += 1
      continue
    }
    try {
      await send(config, w.alert, w.channel, claim.event, options)
      await finishDelivery(db, claim.id, null)
      counts.sent += 1
    } catch (error) {
      const message = toError(error).message
      await finishDelivery(db, claim.id, message)
      counts.failed += 1
      counts.errors.push(`alert #${w.alert.id} ${w.channel}: ${message}`)
    }
  }
  return counts
}
