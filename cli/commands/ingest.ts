import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Command } from 'commander'
import type { Config } from '../../config/load.ts'
import type { FieldMap } from '../../ingest/field-map.ts'
import type { IngestSummary } from '../../ingest/run.ts'
import { SUPPORTED_EXTENSIONS } from '../../ingest/walk.ts'
import { ValidationError } from '../../lib/errors.ts'
import { type CliIO, EXIT, printJson } from '../io.ts'
import type { Register } from '../main.ts'
import { intOption } from '../options.ts'
import { createProgress } from '../progress.ts'

/** `fieldkb ingest <path...>`: ingest files and folders into the store. */
export const registerIngest: Register = (program: Command, ctx, io, setExit) => {
  program
    .command('ingest')
    .description(
      `Ingest files and folders (recursively): redact, chunk, embed, store. Reads ${SUPPORTED_EXTENSIONS.join(' ')}; ` +
        'PDFs by their text layer (scans are reported), DOCX with headings, lists and tables, e-mail with ' +
        'attachments as their own documents. Every file not ingested is listed with the reason.',
    )
    .argument('<paths...>', 'files or folders to ingest')
    .option('--prune', 'remove documents whose files are gone from the given folders')
    .option(
      '--concurrency <n>',
      'documents processed at once (helps with remote embedding APIs)',
      intOption(1, 32),
    )
    .option(
      '--map <field=name>',
      'read fieldkb field <field> (customer, date, severity, type, tags, author, title) from your field <name>; repeatable',
      (value: string, prev: string[] = []) => [...prev, value],
    )
    .option(
      '--map-file <path>',
      'YAML field map: "fields: {customer: company}", "values: {severity: {urgent: sev1}}"',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (paths: string[], opts: IngestCliOptions) => {
      const fieldMap = await readFieldMap(opts, io.cwd)
      const c = ctx()
      // Loaded on use so `--help` and other commands start fast.
      const { ingestPaths } = await import('../../ingest/run.ts')
      const [db, embedder] = await Promise.all([c.db(), c.embedder()])
      const progress = createProgress(io, !opts.json)
      const summary = await ingestPaths(
        paths,
        { db, embedder, options: fieldMap ? { ...c.config.ingest, fieldMap } : c.config.ingest },
        {
          prune: opts.prune,
          concurrency: opts.concurrency ?? defaultConcurrency(c.config),
          cwd: io.cwd,
          onStart: (total) => progress.start(total),
          onProgress: (o, done) => progress.tick(done, o.sourcePath),
        },
      ).finally(() => progress.stop())
      const { refreshInsightsAfterIngest } = await import('./insights.ts')
      await refreshInsightsAfterIngest(c, summary, io)
      const { alertsAfterIngest } = await import('./alerts-run.ts')
      await alertsAfterIngest(c, summary, io)
      if (opts.json) printJson(io, summary)
      else printSummary(io, summary)
      setExit(summary.failed > 0 ? EXIT.failed : EXIT.ok)
    })
}

interface IngestCliOptions {
  prune?: boolean
  json?: boolean
  concurrency?: number
  map?: string[]
  mapFile?: string
}

/** The field map of `--map-file` and `--map` (the latter wins), or undefined when neither is given. */
async function readFieldMap(opts: IngestCliOptions, cwd: string | undefined): Promise<FieldMap | undefined> {
  if (!opts.map && !opts.mapFile) return undefined
  const { parseMapFile, parseMapOptions } = await import('../../ingest/field-map.ts')
  let base: FieldMap | undefined
  if (opts.mapFile) {
    const file = path.resolve(cwd ?? '.', opts.mapFile)
    const text = await readFile(file, 'utf8').catch((cause: Error) => {
      throw new ValidationError(`--map-file ${opts.mapFile}: cannot read: ${cause.message}`, [], { cause })
    })
    base = parseMapFile(text, opts.mapFile)
  }
  return parseMapOptions(opts.map ?? [], base)
}

function printSummary(io: CliIO, s: IngestSummary): void {
  const out = (line: string) => io.stdout.write(`${line}\n`)
  for (const o of s.outcomes) {
    if (o.status === 'failed') out(`  failed     ${o.sourcePath}: ${o.error}`)
    for (const w of o.warnings ?? []) {
      out(`  warning    ${w.message.startsWith(o.sourcePath) ? w.message : `${o.sourcePath}: ${w.message}`}`)
    }
  }
  for (const m of s.missing) out(`  failed     ${m}: no such file or folder`)
  for (const p of s.prunedPaths) out(`  pruned     ${p}`)
  const kinds = Object.entries(s.redactionsByKind)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')
  out(
    `${s.added} added, ${s.updated} updated, ${s.unchanged} unchanged, ${s.pruned} pruned, ${s.failed} failed` +
      ` | ${s.chunks} chunks | ${s.redactions} redactions${kinds ? ` (${kinds})` : ''} | ${(s.durationMs / 1000).toFixed(1)} s`,
  )
  for (const k of s.skipped) out(`  skipped    ${k.path}: ${k.reason}`)
  if (s.skipped.length > 0) out(`${s.skipped.length} files skipped (not ingested; reasons above)`)
}

/**
 * Documents in flight: a remote embedder overlaps request latency; on a PostgreSQL server, parsing
 * the next document overlaps the server writing the previous one; embedded PGlite runs in this
 * thread, so one at a time.
 */
function defaultConcurrency(config: Config): number {
  if (config.embeddings.provider === 'openai') return 4
  return config.database.kind === 'postgres' ? 2 : 1
}
