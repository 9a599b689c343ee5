import { describe, expect, it } from 'vitest'
import { useColor } from '../cli/color.ts'
import type { CliIO } from '../cli/io.ts'
import { spawnCli } from './helpers/spawn-cli.ts'

describe('bad numeric option values are usage errors', () => {
  it('ingest --concurrency 99 exits 2 naming the option and the range', async () => {
    const { code, out } = await spawnCli(['ingest', '.', '--concurrency', '99'], {}).exited
    expect(code).toBe(2)
    expect(out).toMatch(/--concurrency.*99.*integer from 1 to 32/)
    expect(out).not.toMatch(/unexpected error|\n\s+at /)
  })

  it('ingest --concurrency abc exits 2', async () => {
    const { code, out } = await spawnCli(['ingest', '.', '--concurrency', 'abc'], {}).exited
    expect(code).toBe(2)
    expect(out).toMatch(/--concurrency.*integer from 1 to 32/)
  })

  it('search --limit 0 exits 2', async () => {
    const { code, out } = await spawnCli(['search', 'x', '--limit', '0'], {}).exited
    expect(code).toBe(2)
    expect(out).toMatch(/--limit.*integer from 1 to 100/)
  })
})

describe('colour only on a TTY without NO_COLOR', () => {
  const io = (isTTY: boolean, env: Record<string, string>): CliIO =>
    ({ env, stdout: { isTTY }, stderr: {} }) as unknown as CliIO
  it('piped stdout gets no colour', () => expect(useColor(io(false, {}))).toBe(false))
  it('a TTY gets colour', () => expect(useColor(io(true, {}))).toBe(true))
  it('NO_COLOR turns it off on a TTY', () => expect(useColor(io(true, { NO_COLOR: '1' }))).toBe(false))
  it('FORCE_COLOR turns it on when piped', () => expect(useColor(io(false, { FORCE_COLOR: '1' }))).toBe(true))
})
