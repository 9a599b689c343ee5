import { Command, CommanderError } from 'commander'
import { loadConfig } from '../config/load.ts'
import { AppError, ConfigError, StoreLockedError, ValidationError } from '../lib/errors.ts'
import { registerAlerts } from './commands/alerts.ts'
import { registerAsk } from './commands/ask.ts'
import { registerDigest } from './commands/digest.ts'
import { registerGovernance } from './commands/governance.ts'
import { registerIngest } from './commands/ingest.ts'
import { registerInsights } from './commands/insights.ts'
import { registerPatterns } from './commands/patterns.ts'
import { registerReembed } from './commands/reembed.ts'
import { registerSearch } from './commands/search.ts'
import { registerServe } from './commands/serve.ts'
import { registerStatus } from './commands/status.ts'
import { registerToken } from './commands/token.ts'
import { type Context, createContext } from './context.ts'
import { type CliIO, EXIT } from './io.ts'

/** A subcommand module: adds itself to the program; its action returns an exit code. */
export type Register = (
  program: Command,
  ctx: () => Context,
  io: CliIO,
  setExit: (code: number) => void,
) => void

const COMMANDS: Register[] = [
  registerIngest,
  registerSearch,
  registerAsk,
  registerPatterns,
  registerInsights,
  registerDigest,
  registerServe,
  registerToken,
  registerStatus,
  registerReembed,
  registerAlerts,
  registerGovernance,
]

/**
 * Run the `fieldkb` CLI with `argv` (without node and script) and return the exit code.
 * @example await main(['ingest', 'examples/corpus', '--json'], { env: process.env, stdout, stderr })
 */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let context: Context | undefined
  let exitCode: number = EXIT.ok
  const ctx = () => {
    context ??= createContext(loadConfig(io.env, io.cwd), (m) => io.stderr.write(`${m}\n`))
    return context
  }
  const program = new Command('fieldkb')
    .description(
      'Knowledge base for Forward Deployed Engineers: ingest field notes, search them, mine patterns.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
  for (const register of COMMANDS) register(program, ctx, io, (code) => (exitCode = Math.max(exitCode, code)))
  try {
    await program.parseAsync(argv, { from: 'user' })
    return exitCode
  } catch (error) {
    return reportError(error, io)
  } finally {
    await context?.close()
  }
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // --help and --version exit through here with code 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage
  }
  if (error instanceof AppError) {
    io.stderr.write(`fieldkb: ${error.message}\n`)
    if (error.hint) io.stderr.write(`  hint: ${error.hint}\n`)
    if (error instanceof StoreLockedError) return EXIT.locked
    return error instanceof ConfigError || error instanceof ValidationError ? EXIT.usage : EXIT.failed
  }
  io.stderr.write(
    `fieldkb: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  return EXIT.failed
}
