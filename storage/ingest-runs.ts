/** Named queries recording each batch ingest's start, progress and end (migration 008). */
import { hostname } from 'node:os'
import type { Queryable } from './db.ts'
import { isProcessAlive } from './store-lock.ts'

/** The most recent ingest run and whether it finished. */
export interface IngestRun {
  startedAt: string
  finishedAt: string | null
  /** When the last file went through (for an interrupted run, about when it stopped). */
  progressAt: string
  filesTotal: number
  filesDone: number
  /** The files and folders the run was asked for, absolute. */
  inputs: string[]
  /** Files the run saw but did not ingest, each with the reason (set when the run finished). */
  skipped: { path: string; reason: string }[]
  /** `running`: its process is alive on this host; `unknown`: unfinished, started on another host. */
  state: 'finished' | 'interrupted' | 'running' | 'unknown'
}

/** Record that a run over `filesTotal` files of `inputs` (absolute) starts now; returns its id. */
export async function startIngestRun(db: Queryable, filesTotal: number, inputs: string[]): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    'INSERT INTO ingest_runs (files_total, inputs, pid, hostname) VALUES ($1, $2::text[], $3, $4) RETURNING id',
    [filesTotal, inputs, process.pid, hostname()],
  )
  return Number(row!.id)
}

/** Record that `filesDone` files of run `id` are through (out-of-order updates never go back). */
export async function recordIngestProgress(db: Queryable, id: number, filesDone: number): Promise<void> {
  await db.query(
    'UPDATE ingest_runs SET files_done = greatest(files_done, $2), progress_at = now() WHERE id = $1',
    [id, filesDone],
  )
}

/** Record that run `id` finished, with the files it skipped and why. */
export async function finishIngestRun(
  db: Queryable,
  id: number,
  skipped: { path: string; reason: string }[] = [],
): Promise<void> {
  await db.query('UPDATE ingest_runs SET finished_at = now(), skipped = $2::jsonb WHERE id = $1', [
    id,
    JSON.stringify(skipped.map(({ path, reason }) => ({ path, reason }))),
  ])
}

/** The latest ingest run, or null before the first. */
export async function lastIngestRun(db: Queryable): Promise<IngestRun | null> {
  const [row] = await db.query<{
    started_at: Date
    finished_at: Date | null
    progress_at: Date
    inputs: string[]
    files_total: number
    files_done: number
    pid: number
    hostname: string
    skipped: { path: string; reason: string }[] | string
  }>(
    `SELECT started_at, finished_at, progress_at, inputs, files_total, files_done, pid, hostname, skipped
     FROM ingest_runs ORDER BY id DESC LIMIT 1`,
  )
  if (!row) return null
  let state: IngestRun['state'] = 'finished'
  if (!row.finished_at) {
    if (row.hostname !== hostname()) state = 'unknown'
    else state = row.pid !== process.pid && isProcessAlive(row.pid) ? 'running' : 'interrupted'
  }
  return {
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    progressAt: new Date(row.progress_at).toISOString(),
    inputs: row.inputs,
    filesTotal: row.files_total,
    filesDone: row.files_done,
    // node-postgres parses jsonb; PGlite does too, but a string is tolerated.
    skipped: typeof row.skipped === 'string' ? JSON.parse(row.skipped) : (row.skipped ?? []),
    state,
  }
}
