import cliProgress from 'cli-progress'
import type { CliIO } from './io.ts'

/** A progress reporter: a bar on a TTY, silent otherwise (logs and pipes stay clean). */
export interface Progress {
  start(total: number): void
  tick(done: number, label: string): void
  stop(): void
}

/** Create a progress bar on stderr when it is a terminal and output is not JSON. */
export function createProgress(io: CliIO, enabled: boolean): Progress {
  if (!enabled || !io.stderr.isTTY) return { start() {}, tick() {}, stop() {} }
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as NodeJS.WriteStream,
      format: ' {bar} {percentage}% | {value}/{total} files | {eta_formatted} left | {label}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  )
  return {
    start: (total) => bar.start(total, 0, { label: '' }),
    tick: (done, label) => bar.update(done, { label: label.length > 40 ? `…${label.slice(-39)}` : label }),
    stop: () => bar.stop(),
  }
}
