/** The digest on a cron schedule inside `fieldkb serve` (FIELDKB_DIGEST_CRON in FIELDKB_TIMEZONE). */
import { Cron } from 'croner'
import type { Config } from '../config/load.ts'
import { ConfigError, toError } from '../lib/errors.ts'
import type { Db } from '../storage/db.ts'
import { type SendOnceOutcome, sendDigestOnce } from './deliver.ts'
import { lastCompleteWeek } from './period.ts'
import { mailSettings } from './send.ts'

/** Inputs of {@link startDigestSchedule}. */
export interface DigestScheduleOptions {
  db: Db
  config: Config
  /** Where ticks report what they did (default: nothing). */
  log?: (line: string) => void
  /** Clock deciding which week is "last complete" (tests pin it). */
  now?: () => Date
  /** SMTP timeout per attempt. */
  timeoutMs?: number
}

/** A running schedule. */
export interface DigestSchedule {
  /** Next tick, or null when stopped. */
  nextRun(): Date | null
  /** Run one tick now (what the cron does); resolves to its outcome, or null when it failed. */
  tick(): Promise<SendOnceOutcome | null>
  /** Stop ticking and wait for a tick in progress, so the database can be closed after it. */
  stop(): Promise<void>
}

/**
 * Start sending the digest for the last complete ISO week on FIELDKB_DIGEST_CRON, exactly once
 * per week across processes and restarts (see `digest_sends`). Returns null when no cron is
 * configured; throws `ConfigError` for a bad cron line or missing SMTP settings.
 * @example const schedule = startDigestSchedule({ db, config, log: (l) => io.stderr.write(`${l}\n`) })
 * // on shutdown: await schedule?.stop()
 */
export function startDigestSchedule(options: DigestScheduleOptions): DigestSchedule | null {
  const { db, config } = options
  const cron = config.mail.digestCron
  if (!cron) return null
  mailSettings(config) // fail at startup, not at the first tick a week from now
  const log = options.log ?? (() => {})
  const now = options.now ?? (() => new Date())
  let running: Promise<SendOnceOutcome | null> = Promise.resolve(null)

  const tick = (): Promise<SendOnceOutcome | null> => {
    running = running.then(async () => {
      const period = lastCompleteWeek(now(), config.timezone)
      try {
        const outcome = await sendDigestOnce(db, config, period, {
          now,
          log,
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        })
        log(
          outcome.status === 'sent'
            ? `digest: sent "${outcome.subject}" to ${outcome.accepted.join(', ')}`
            : `digest: ${period.label} ${outcome.reason === 'already-sent' ? 'was already sent' : 'is being sent by another process'}; skipped`,
        )
        return outcome
      } catch (error) {
        log(`digest: sending ${period.label} failed, will retry on the next tick: ${toError(error).message}`)
        return null
      }
    })
    return running
  }

  let job: Cron
  try {
    // protect: a slow SMTP server never makes two ticks of this process overlap; unref: the
    // schedule alone does not keep the process alive.
    job = new Cron(cron, { timezone: config.timezone, protect: true, unref: true }, () =>
      tick().then(() => {}),
    )
  } catch (error) {
    throw new ConfigError(
      `FIELDKB_DIGEST_CRON "${cron}" is not a valid cron expression: ${toError(error).message}`,
      [{ path: ['FIELDKB_DIGEST_CRON'], message: 'invalid cron expression' }],
    )
  }
  return {
    nextRun: () => job.nextRun(),
    tick,
    async stop() {
      job.stop()
      await running
    },
  }
}
