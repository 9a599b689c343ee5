/** Evaluate alerts after an ingest (and the insights refresh after it), then deliver what they found. */
import type { Config } from '../config/load.ts'
import { alertsWithSecrets, databaseNow, documentsChangedBetween } from '../storage/alerts.ts'
import { type DeliverOptions, type DeliveryCounts, deliverEvents } from './deliver.ts'
import { alertEvents, type EvaluateDeps } from './events.ts'

/** The outcome of one evaluation. */
export interface AlertRun extends DeliveryCounts {
  alerts: number
  events: number
}

/**
 * Find the events the documents `changedIds` caused and deliver them (plus earlier failures).
 * A no-op costing one query when no alert exists.
 * @example await runAlerts({ db, embedder, publicUrl }, config, changedIds)
 */
export async function runAlerts(
  deps: Omit<EvaluateDeps, 'publicUrl'>,
  config: Config,
  changedIds: readonly number[],
  options: DeliverOptions = {},
): Promise<AlertRun> {
  const alerts = await alertsWithSecrets(deps.db)
  if (alerts.length === 0) return { alerts: 0, events: 0, sent: 0, failed: 0, skipped: 0, errors: [] }
  const events = await alertEvents({ ...deps, publicUrl: config.server.publicUrl }, alerts, changedIds)
  const counts = await deliverEvents(deps.db, config, alerts, events, options)
  return { alerts: alerts.length, events: events.length, ...counts }
}

/**
 * For a long-running server: evaluate alerts for the documents changed since the previous call
 * (uploads through the API or UI), each call after an insights refresh. The watermark is the
 * database clock, so documents written while an evaluation runs are picked up by the next one.
 * @example const after = await alertsSince(deps, config, log); autoRefreshInsights(db, { afterRefresh: after })
 */
export async function alertsSince(
  deps: Omit<EvaluateDeps, 'publicUrl'>,
  config: Config,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  let since = await databaseNow(deps.db)
  return async () => {
    const until = await databaseNow(deps.db)
    const changed = await documentsChangedBetween(deps.db, since, until)
    since = until
    const run = await runAlerts(deps, config, changed)
    if (run.events > 0 || run.failed > 0 || run.sent > 0) {
      log(`alerts: ${run.events} events, ${run.sent} notifications sent, ${run.failed} failed`)
    }
    for (const e of run.errors) log(`  ${e}`)
  }
}
