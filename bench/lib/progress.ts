/** A one-line progress indicator on stderr, redrawn in place on a terminal and throttled in logs. */
export class Progress {
  readonly #label: string
  readonly #total: number
  readonly #start = performance.now()
  readonly #quiet: boolean
  #lastDraw = 0

  /** `total` may be 0 when unknown; `quiet` draws nothing (tests). */
  constructor(label: string, total: number, quiet = false) {
    this.#label = label
    this.#total = total
    this.#quiet = quiet
  }

  /** Report `done` items (plus an optional note); draws at most ~5 times a second (every 10 s off a TTY). */
  update(done: number, note = ''): void {
    if (this.#quiet) return
    const now = performance.now()
    const tty = process.stderr.isTTY
    if (now - this.#lastDraw < (tty ? 200 : 10_000) && done !== this.#total) return
    this.#lastDraw = now
    const secs = (now - this.#start) / 1000
    const rate = secs > 0 ? done / secs : 0
    const of = this.#total > 0 ? `/${this.#total} (${((100 * done) / this.#total).toFixed(0)}%)` : ''
    const eta = this.#total > 0 && rate > 0 ? `, eta ${Math.ceil((this.#total - done) / rate)}s` : ''
    const line = `${this.#label}: ${done}${of}, ${rate.toFixed(0)}/s, ${secs.toFixed(0)}s${eta}${note ? `, ${note}` : ''}`
    process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`)
  }

  /** Finish the line. */
  done(note = ''): void {
    if (this.#quiet) return
    const secs = ((performance.now() - this.#start) / 1000).toFixed(1)
    const line = `${this.#label}: done in ${secs}s${note ? `, ${note}` : ''}`
    process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${line}\n` : `${line}\n`)
  }
}
