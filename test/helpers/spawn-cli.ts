import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { REPO_ROOT } from './corpus.ts'

/** A `fieldkb` child process and everything it printed so far. */
export interface CliChild {
  child: ChildProcess
  output(): string
  /** Resolves with the exit code and signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>
}

/** Start `bin/fieldkb.js` with `args` in a real child process with exactly `env` (plus PATH). */
export function spawnCli(args: string[], env: Record<string, string>): CliChild {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/fieldkb.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d) => (out += d))
  child.stderr?.on('data', (d) => (out += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) =>
    // 'close', not 'exit': the output streams are drained by then.
    child.on('close', (code, signal) => resolve({ code, signal, out })),
  )
  return { child, output: () => out, exited }
}

/** Resolve with the first match of `pattern` in the child's output; reject if it exits first. */
export function waitForOutput(c: CliChild, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = c.output().match(pattern)
      if (!m) return
      cleanup()
      resolve(m)
    }
    const onExit = () => {
      cleanup()
      reject(new Error(`fieldkb exited before printing ${pattern}:\n${c.output()}`))
    }
    const cleanup = () => {
      c.child.stdout?.off('data', check)
      c.child.stderr?.off('data', check)
      c.child.off('exit', onExit)
    }
    c.child.stdout?.on('data', check)
    c.child.stderr?.on('data', check)
    c.child.on('exit', onExit)
    check()
  })
}
