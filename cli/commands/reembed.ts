import { EXIT, printJson } from '../io.ts'
import type { Register } from '../main.ts'
import { createProgress } from '../progress.ts'

/** `fieldkb reembed`: rebuild every vector with the configured embedding model. */
export const registerReembed: Register = (program, ctx, io, setExit) => {
  program
    .command('reembed')
    .description('Rebuild every chunk vector with the configured embedding model (resumable).')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx()
      const { reembed } = await import('../../ingest/reembed.ts')
      const [db, embedder] = await Promise.all([c.db(), c.embedder()])
      const progress = createProgress(io, !opts.json)
      let started = false
      const summary = await reembed(db, embedder, (done, total) => {
        if (!started) progress.start(total)
        started = true
        progress.tick(done, 'chunks')
      }).finally(() => progress.stop())
      if (opts.json) printJson(io, summary)
      else
        io.stdout.write(
          `re-embedded ${summary.chunks} chunks with ${summary.model}${summary.previousModel && summary.previousModel !== summary.model ? ` (was ${summary.previousModel})` : ''}\n`,
        )
      setExit(EXIT.ok)
    })
}
