import { failedDocuments, storeStats } from '../../storage/stats.ts'
import { countUndated, UNDATED_HINT, undatedDocuments } from '../../storage/undated.ts'
import { printJson } from '../io.ts'
import type { Register } from '../main.ts'

/** `fieldkb status`: what the store holds and which files failed. */
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
      const [stats, failed] = await Promise.all([storeStats(db), failedDocuments(db)])
      const [undated, undatedTotal] = await Promise.all([undatedDocuments(db), countUndated(db)])
      if (opts.json) return printJson(io, { ...stats, failedFiles: failed, undatedFiles: undated })
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
      out(`failed:     ${stats.failed}`)
      for (const f of failed) out(`  ${f.sourcePath}: ${f.error}`)
      // Documents dated by file mtime: their date is a guess, shown so a person can fix the source.
      if (undatedTotal > 0) {
        out(`dated by file time: ${undatedTotal} (${UNDATED_HINT})`)
        for (const u of undated) out(`  ${u.sourcePath}: ${u.date}`)
        if (undatedTotal > undated.length) out(`  … and ${undatedTotal - undated.length} more`)
      }
    })
}
