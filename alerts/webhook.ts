/** Outgoing webhooks: a JSON body signed with the alert's secret, POSTed with retries and backoff. */
import { createHmac } from 'node:crypto'
import pRetry, { AbortError } from 'p-retry'
import { WebhookError } from '../lib/errors.ts'

/** Retry policy: attempts after the first, and the first backoff (doubling each time). */
export interface WebhookOptions {
  retries?: number
  minTimeoutMs?: number
  /** Per-attempt timeout. */
  timeoutMs?: number
  /** Unix seconds for the timestamp header. */
  now?: () => Date
}

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body, keyed by the alert's secret>`. */
export const SIGNATURE_HEADER = 'x-fieldkb-signature'
/** Header carrying the send time in Unix seconds (receivers may refuse old deliveries). */
export const TIMESTAMP_HEADER = 'x-fieldkb-timestamp'

/**
 * The signature header value for `body`.
 * @example signBody('{"a":1}', 'secret') // → 'sha256=…64 hex digits'
 */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

function endpoint(url: string): string {
  const u = new URL(url)
  return `${u.protocol}//${u.host}${u.pathname}`
}

/**
 * POST `body` to `url` with the signature, timestamp, event and delivery headers. 5xx, 429 and
 * network errors are retried with exponential backoff (p-retry); another 4xx is final. Throws
 * `WebhookError` naming the endpoint (never its query string, which may hold a token).
 * @example await postWebhook(alert.webhookUrl, JSON.stringify(event), alert.secret, { event: event.type, delivery: event.eventKey })
 */
export async function postWebhook(
  url: string,
  body: string,
  secret: string,
  meta: { event: string; delivery: string },
  options: WebhookOptions = {},
): Promise<{ status: number; attempts: number }> {
  let attempts = 0
  const attempt = async () => {
    attempts += 1
    let res: Response
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'fieldkb-alerts/0.1',
          [SIGNATURE_HEADER]: signBody(body, secret),
          [TIMESTAMP_HEADER]: String(Math.floor((options.now?.() ?? new Date()).getTime() / 1000)),
          'x-fieldkb-event': meta.event,
          'x-fieldkb-delivery': meta.delivery,
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      })
    } catch (cause) {
      throw new Error(`${(cause as Error).message}`, { cause })
    }
    await res.body?.cancel().catch(() => undefined)
    if (res.ok) return res.status
    const message = `HTTP ${res.status}`
    if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
      throw new AbortError(message)
    }
    throw new Error(message)
  }
  try {
    const status = await pRetry(attempt, {
      retries: options.retries ?? 4,
      factor: 2,
      minTimeout: options.minTimeoutMs ?? 500,
      randomize: true,
    })
    return { status, attempts }
  } catch (cause) {
    throw new WebhookError(
      `webhook ${endpoint(url)} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${(cause as Error).message}`,
      {
        cause,
        hint: 'check that the receiver is up and answers 2xx; the delivery is retried on the next evaluation',
      },
    )
  }
}
