import type { Hono } from 'hono'
import type { WebDeps, WebEnv } from '../types.ts'

/** `/patterns` — placeholder until insights/read.ts lands. */
export function patternRoutes(_router: Hono<WebEnv>, _deps: WebDeps): void {}
