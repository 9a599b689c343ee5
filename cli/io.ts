import type { Writable } from 'node:stream'

/** The outside world a CLI command sees: injectable so tests can run commands in-process. */
export interface CliIO {
  env: Record<string, string | undefined>
  stdout: Writable & { isTTY?: boolean }
  stderr: Writable & { isTTY?: boolean }
  cwd?: string
}

/**
 * Exit codes: 0 success, 1 something failed, 2 bad usage or configuration, 3 the embedded store
 * is in use by another process (nothing was done; retry once it is free).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, locked: 3 } as const

/** Print a value as pretty JSON followed by a newline. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}
