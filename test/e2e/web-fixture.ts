import path from 'node:path'
import type { Hono } from 'hono'
import { type AppDeps, createApp } from '../../api/app.ts'
import type { AppEnv } from '../../api/auth.ts'
import { type Config, loadConfig } from '../../config/load.ts'
import type { Embedder } from '../../embeddings/types.ts'
import { ingestPaths } from '../../ingest/run.ts'
import { ingestUpload } from '../../ingest/upload.ts'
import { refreshInsights } from '../../insights/refresh.ts'
import { recordFailure } from '../../storage/documents.ts'
import { createSessions, webRoutes, webSession } from '../../web/app.tsx'
import { SAMPLE_CORPUS } from '../helpers/corpus.ts'
import { freshDb, type TestDb } from '../helpers/db.ts'
import { localEmbedder } from '../helpers/local-embedder.ts'

/** Tokens the UI tests log in with (static, from FIELDKB_API_TOKENS). */
export const TOKENS = { reader: 'reader-token-0123456789abcdef', editor: 'editor-token-0123456789abcdef' }

/** Environment configuring {@link TOKENS}. */
export const TOKEN_ENV = { FIELDKB_API_TOKENS: `reader:${TOKENS.reader},editor:${TOKENS.editor}` }

/** "Now" for the UI tests: the digest's last complete week is then 9–15 Nov 2026 (sample incidents). */
export const NOW = new Date('2026-11-16T12:00:00Z')

/** A stored-XSS attempt in the title, customer, tags, a heading and the body of one document. */
export const XSS_DOC = `---
title: "<script>alert(1)</script><img src=x onerror=alert(1)> proxy TLS trap"
customer: "Evil <b>Corp</b> <script>alert(3)</script>"
type: incident
date: 2026-11-10
severity: sev2
tags: ["<img src=x onerror=alert(1)>", "javascript:alert(1)", "proxy"]
---

# <script>alert(1)</script> proxy TLS trap

## Root cause <img src=x onerror=alert(2)>

The egress proxy re-signed TLS certificates. <script>alert(1)</script>

<img src=x onerror=alert(1)>

[Click for details](javascript:alert(1)) and <a href="javascript:alert(1)">this link</a>.

<iframe src="javascript:alert(1)"></iframe>
`

/** A store holding the sample corpus plus {@link XSS_DOC}, built once per test file. */
export interface CorpusStore extends TestDb {
  embedder: Embedder
  xssId: number
  /** A file whose ingest failed (its error message carries markup too). */
  failedId: number
}

/** Ingest the sample corpus (and the XSS document, as an upload) into a fresh store; mine insights. */
export async function corpusStore(): Promise<CorpusStore> {
  const t = await freshDb()
  const embedder = localEmbedder()
  const { ingest } = loadConfig({ FIELDKB_DATA_DIR: '/nonexistent' })
  await ingestPaths([path.join(SAMPLE_CORPUS, 'customers')], { db: t.db, embedder, options: ingest })
  const xss = await ingestUpload(
    { db: t.db, embedder, options: ingest, now: () => NOW },
    { name: 'xss-attempt.md', bytes: new TextEncoder().encode(XSS_DOC) },
  )
  const failedId = await recordFailure(t.db, {
    sourceKey: '/corpus/customers/acme/broken.md',
    sourcePath: 'customers/acme/broken.md',
    error: 'customers/acme/broken.md: not valid UTF-8 near <script>alert(1)</script>',
  })
  await refreshInsights(t.db)
  return { ...t, embedder, xssId: xss.documentId, failedId }
}

/** Dependencies of an API app with the web UI mounted at `/`, sharing one session store. */
export function webAppDeps(
  store: CorpusStore,
  env: Record<string, string> = {},
  web: { required?: boolean } = {},
): AppDeps & { config: Config } {
  const config = loadConfig({ FIELDKB_DATA_DIR: '/nonexistent', ...env })
  const sessions = createSessions()
  const base = { db: store.db, embedder: store.embedder, config, now: () => NOW }
  return {
    ...base,
    rateLimit: false,
    auth: { session: webSession(sessions, store.db) },
    mount: (app) => {
      app.route('/', webRoutes({ ...base, sessions, ...web }))
    },
  }
}

/** The API app with the web UI mounted (for `app.request` tests). */
export function webApp(
  store: CorpusStore,
  env: Record<string, string> = {},
  web: { required?: boolean } = {},
): Hono<AppEnv> {
  return createApp(webAppDeps(store, env, web))
}
