import type { Db } from '../storage/db.ts'
import { type RefreshOptions, refreshInsights } from './refresh.ts'

/** A refresher the server pokes after every change; it runs refreshes one at a time. */
export interface AutoRefresh {
  /** Ask for a refresh: runs after `delayMs` of quiet, or right after the one in progress. */
  notify(): void
  /** Cancel a pending refresh and wait for a running one. */
  stop(): Promise<void>
}

/**
 * Keep insights fresh after uploads and deletes through the API or UI: changes are coalesced
 * (a burst of uploads costs one refresh) and a failure only logs; the previous insights stay.
 */
export function autoRefreshInsights(
  db: Db,
  options: RefreshOptions & {
    delayMs?: number
    log?: (line: string) => void
    /** Runs after each refresh, successful or not (the server evaluates alerts there); failures only log. */
    afterRefresh?: () => Promise<void>
  } = {},
): AutoRefresh {
  const { delayMs = 2000, log = () => {}, afterRefresh, ...refresh } = options
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let again = false
  const run = async () => {
    timer = undefined
    if (running) {
      again = true
      return
    }
    running = refreshInsights(db, refresh)
      .then((r) => log(`insights refreshed: ${r.counts.patterns} patterns, ${r.counts.edgeCases} edge cases`))
      .catch((e: Error) => log(`insights: refresh failed, previous insights kept: ${e.message}`))
      .then(() => afterRefresh?.())
      .catch((e: Error) => log(`after the insights refresh: ${e.message}`))
      .finally(() => {
        running = undefined
        if (again) {
          again = false
          schedule()
        }
      })
  }
  const schedule = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(run, delayMs)
    timer.unref()
  }
  return {
    notify: schedule,
    async stop() {
      if (timer) clearTimeout(timer)
      timer = undefined
      again = false
      await running
    },
  }
}
