import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { REPO_ROOT } from './corpus.ts'

/** The system Chromium the browser tests drive (installed by scripts/install-chromium.sh). */
export const CHROMIUM = '/usr/bin/chromium'

/** Why browser tests are skipped on this machine, or null when Chromium is available. */
export const browserSkipReason: string | null = existsSync(CHROMIUM)
  ? null
  : `browser tests skipped: ${CHROMIUM} not found (install it with scripts/install-chromium.sh; CI does)`

/** Where screenshots go (gitignored). */
export const ARTIFACTS = path.join(REPO_ROOT, 'test/artifacts')

/**
 * Launch headless system Chromium through playwright-core. Playwright gives every launch a fresh
 * temporary profile (`--user-data-dir`), so no state leaks between runs; networking extras
 * (QUIC, sync, component updates) are off so the browser only talks to the test server.
 */
export async function launchBrowser(): Promise<Browser> {
  if (browserSkipReason) throw new Error(browserSkipReason)
  mkdirSync(ARTIFACTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Path of a screenshot named `name` in {@link ARTIFACTS}. */
export function artifact(name: string): string {
  return path.join(ARTIFACTS, `${name}.png`)
}
