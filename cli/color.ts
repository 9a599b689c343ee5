import type { CliIO } from './io.ts'

/** Whether stdout gets ANSI styling: a TTY without NO_COLOR, or FORCE_COLOR set (not "0"). */
export function useColor(io: CliIO): boolean {
  const force = io.env.FORCE_COLOR
  if (force !== undefined && force !== '' && force !== '0') return true
  if (io.env.NO_COLOR) return false
  return io.stdout.isTTY === true
}

/** `s` in bold when `color`, unchanged otherwise. */
export function bold(s: string, color: boolean): string {
  return color ? `\u001b[1m${s}\u001b[22m` : s
}
