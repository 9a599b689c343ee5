import { Writable } from 'node:stream'
import { main } from '../../cli/main.ts'

/** Output captured from one in-process CLI run. */
export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

class Capture extends Writable {
  text = ''
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString()
    done()
  }
}

/** Run the `fieldkb` CLI in-process with the given arguments and environment. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  cwd?: string,
): Promise<CliRun> {
  const stdout = new Capture()
  const stderr = new Capture()
  const code = await main(argv, { env, stdout, stderr, ...(cwd ? { cwd } : {}) })
  return { code, stdout: stdout.text, stderr: stderr.text }
}
