import { InvalidArgumentError } from 'commander'
import type { AppDeps } from '../../api/app.ts'
import type { Register } from '../main.ts'

/** Options of {@link serveCommand}. */
export interface ServeCommandOptions {
  /** Extra routers (web UI, insights) mounted on the API app. */
  mount?: AppDeps['mount']
  /** Resolves when the server should stop; default: the first SIGINT or SIGTERM. */
  shutdown?: () => Promise<unknown>
}

/**
 * Build the `fieldkb serve [--host] [--port]` command. Without tokens it only listens on loopback;
 * asked for another address it refuses (exit code 2) and says how to create a token.
 * @example const COMMANDS = [..., serveCommand({ mount: mountWebUi })]
 */
export function serveCommand(options: ServeCommandOptions = {}): Register {
  return (program, ctx, io) => {
    program
      .command('serve')
      .description('Serve the web UI and the HTTP API. Listens on 127.0.0.1 unless API tokens exist.')
      .option('--host <host>', 'address to listen on (default: FIELDKB_HOST, else 127.0.0.1)')
      .option('--port <port>', 'port; 0 picks a free one (default: FIELDKB_PORT, else 8787)', parsePort)
      .action(async (opts: { host?: string; port?: number }) => {
        const c = ctx()
        // Loaded here, not at the top: every other command (a search) starts without the API and UI.
        const [{ assertSafeBind, isLoopback, startServer }, { tokensConfigured }, { annotateStoreLock }] =
          await Promise.all([
            import('../../api/server.ts'),
            import('../../api/auth.ts'),
            import('../../storage/store-lock.ts'),
          ])
        const host = opts.host ?? c.config.server.host
        const port = opts.port ?? c.config.server.port
        const db = await c.db()
        // Refuse before loading the embedding model, so a refused start is immediate.
        assertSafeBind(host, await tokensConfigured(db, c.config.apiTokens))
        const embedder = await c.embedder()
        const { createSessions, webRoutes, webSession } = await import('../../web/app.tsx')
        const { autoRefreshInsights } = await import('../../insights/auto-refresh.ts')
        const log = (line: string) => io.stderr.write(`${line}\n`)
        // Uploads and deletes through the API or the UI refresh patterns shortly afterwards.
        const { alertsSince } = await import('../../alerts/run.ts')
        // …and then alerts are evaluated against the documents uploaded since the last refresh.
        const afterRefresh = await alertsSince({ db, embedder }, c.config, log)
        const insights = autoRefreshInsights(db, { chat: c.config.chat, log, afterRefresh })
        const onChange = () => insights.notify()
        const sessions = createSessions()
        const web = webRoutes({
          db,
          embedder,
          config: c.config,
          sessions,
          required: !isLoopback(host),
          onChange,
        })
        const server = await startServer(
          {
            db,
            embedder,
            config: c.config,
            // The UI's cookie session also authorises API reads from the browser.
            auth: { session: webSession(sessions, db) },
            onChange,
            mount: (app, api) => {
              options.mount?.(app, api)
              app.route('/', web)
            },
          },
          { host, port },
        )
        // A CLI run refused by the store lock can then point at this server instead.
        if (c.config.database.kind === 'pglite')
          annotateStoreLock(c.config.database.dataDir, { url: server.url })
        const auth = server.authRequired
          ? 'bearer token required'
          : 'open: no API tokens exist (loopback only)'
        io.stdout.write(`fieldkb listening on ${server.url} (web UI at /, API at /api; ${auth})\n`)
        const { startDigestSchedule } = await import('../../digest/schedule.ts')
        const schedule = startDigestSchedule({ db, config: c.config, log })
        if (schedule)
          io.stdout.write(
            `weekly digest scheduled (${c.config.mail.digestCron}); next run ${schedule.nextRun()?.toISOString() ?? 'never'}\n`,
          )
        if (!isLoopback(host)) io.stdout.write(`public URL: ${c.config.server.publicUrl}\n`)
        const signal = await (options.shutdown ?? waitForSignal)()
        io.stderr.write(`${typeof signal === 'string' ? `${signal}: ` : ''}shutting down\n`)
        // The database is closed by the CLI once this action returns.
        await schedule?.stop()
        await insights.stop()
        await server.close()
      })
  }
}

/** `fieldkb serve`: the HTTP API with the built-in routes only. */
export const registerServe: Register = serveCommand()

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      // A second Ctrl-C during shutdown then gets Node's default handling (exit now).
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

function parsePort(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535')
  return n
}
