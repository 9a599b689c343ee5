import { insightsFreshness } from '../../insights/staleness.ts'
import { type IngestRun, lastIngestRun } from '../../storage/ingest-runs.ts'
import { failedDocuments, storeStats } from '../../storage/stats.ts'
import { countUndated, UNDATED_HINT, undatedDocuments } from '../../storage/undated.ts'
import { printJson } from '../io.ts'
import type { Register } from '../main.ts'

/** `fieldkb status`: what the store holds, which files failed, an unfinished last run, stale insights. */
export const registerStatus: Register = (program, ctx, io) => {
  program
    .command('status')
    .description(
      'Show what the store holds: documents, chunks, customers, the embedding model, failed files, documents dated only by file time.',
    )
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx()
      const db = await c.db()
      const [stats, failed, lastRun, insights, undated, undatedTotal] = await Promise.all([
        storeStats(db),
        failedDocuments(db),
        lastIngestRun(db),
        insightsFreshness(db),
        undatedDocuments(db),
        countUndated(db),
      ])
      if (opts.json) {
        return printJson(io, {
          ...stats,
          failedFiles: failed,
          lastIngestRun: lastRun,
          insights,
          undatedFiles: undated,
        })
      }
      const where =
        c.config.database.kind === 'pglite' ? c.config.database.dataDir : 'PostgreSQL (DATABASE_URL)'
      const out = (s: string) => io.stdout.write(`${s}\n`)
      out(`store:      ${where}`)
      out(
        `documents:  ${stats.documents} (${
          Object.entries(stats.byType)
            .map(([t, n]) => `${n} ${t}`)
            .join(', ') || 'none'
        })`,
      )
      out(`chunks:     ${stats.chunks}`)
      out(`customers:  ${stats.customers}`)
      out(`model:      ${stats.embeddingModel ?? '(not bound yet)'}`)
      out(`last ingest: ${stats.lastIngestAt ?? 'never'}`)
      if (lastRun && lastRun.state !== 'finished') out(describeUnfinished(lastRun))
      out(
        `insights:   ${insights.lastRefreshAt ? `refreshed ${insights.lastRefreshAt}` : 'never refreshed'}${
          insights.stale ? ` — stale (${insights.reason}); run \`fieldkb insights refresh\`` : ''
        }`,
      )
      out(`failed:     ${stats.failed}`)
      for (const f of failed) out(`  ${f.sourcePath}: ${f.error}`)
      // Files the last run saw but did not ingest, so a PDF that was never read is not a silent gap.
      const skipped = lastRun?.skipped ?? []
      if (skipped.length > 0) {
        out(`skipped by the last ingest: ${skipped.length}`)
        for (const s of skipped.slice(0, 20)) out(`  ${s.path}: ${s.reason}`)
        if (skipped.length > 20) out(`  … and ${skipped.length - 20} more (fieldkb status --json lists all)`)
      }
      // Documents dated by file mtime: their date is a guess, shown so a person can fix the source.
      if (undatedTotal > 0) {
        out(`dated by file time: ${undatedTotal} (${UNDATED_HINT})`)
        for (const u of undated) out(`  ${u.sourcePath}: ${u.date}`)
        if (undatedTotal > undated.length) out(`  … and ${undatedTotal - undated.length} more`)
      }
    })
}

function describeUnfinished(run: IngestRun): string {
  const files = `${run.filesDone} of ${run.filesTotal} files`
  const pad = ' '.repeat(12)
  if (run.state === 'running') return `${pad}an ingest is running (started ${run.startedAt}, ${files} so far)`
  const what =
    run.state === 'interrupted'
      ? `was interrupted at ${run.progressAt}`
      : `did not finish (started on another host; last progress ${run.progressAt})`
  const rerun = ['fieldkb ingest', ...run.inputs.map(quote)].join(' ')
  return `${pad}the last ingest ${what} (${files}); run \`${rerun}\` again`
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`
}
