import type { Config } from '../config/load.ts'
import type { Role } from '../config/schema.ts'
import type { Embedder } from '../embeddings/types.ts'
import type { Db } from '../storage/db.ts'
import type { Session, Sessions } from './session.ts'

/** What the web UI needs (the same store, embedder and config as the API). */
export interface WebDeps {
  db: Db
  embedder: Embedder
  config: Config
  now: () => Date
  sessions: Sessions
  /** Ask for a token even when none exists (set when listening beyond loopback). */
  required?: boolean
  log: (line: string) => void
  /** Called after an upload changed the store (the server refreshes insights). */
  onChange?: () => void
}

/** Who is browsing: their role (null: must log in), session, and whether logins exist at all. */
export interface Viewer {
  role: Role | null
  session: Session | null
  /** Tokens are configured (or required): show login and logout. */
  authEnabled: boolean
}

/** Hono environment of the UI routes. */
export type WebEnv = { Variables: { viewer: Viewer } }
