/** Evaluate alerts after an ingest (and the insights refresh after it), then deliver what they found. */
import type { Config } from '../config/load.ts'
import { alertsWithSecrets } from '../storage/alerts.ts'
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
