import type { Context } from '../context.ts'
import type { CliIO } from '../io.ts'

/** Evaluate alerts for `changedIds` (none: only retry failed deliveries) with the context's store and embedder. */
export async function evaluateAlerts(c: Context, changedIds: number[]) {
  const { runAlerts } = await import('../../alerts/run.ts')
  const [db, embedder] = await Promise.all([c.db(), c.embedder()])
  return runAlerts({ db, embedder }, c.config, changedIds)
}

/**
 * Call after an ingest run and its insights refresh: evaluate alerts against the added and updated
 * documents, print one line to stderr, never fail the ingest.
 * @example await alertsAfterIngest(ctx(), summary, io)
 */
export async function alertsAfterIngest(
  context: Context,
  summary: { outcomes: { status: string; documentId?: number }[] },
  io: CliIO,
): Promise<void> {
  const changed = summary.outcomes
    .filter((o) => (o.status === 'added' || o.status === 'updated') && o.documentId !== undefined)
    .map((o) => o.documentId!)
  try {
    const run = await evaluateAlerts(context, changed)
    if (run.alerts === 0) return
    io.stderr.write(
      `alerts: ${run.events} event${run.events === 1 ? '' : 's'}, ${run.sent} notification${run.sent === 1 ? '' : 's'} sent` +
        `${run.failed > 0 ? `, ${run.failed} failed (retried on the next ingest or \`fieldkb alerts retry\`)` : ''}\n`,
    )
    for (const e of run.errors) io.stderr.write(`  ${e}\n`)
  } catch (error) {
    io.stderr.write(`alerts: evaluation failed: ${(error as Error).message}\n`)
  }
}
