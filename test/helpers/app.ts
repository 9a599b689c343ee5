import type { Hono } from 'hono'
import { type AppDeps, createApp } from '../../api/app.ts'
import type { AppEnv } from '../../api/auth.ts'
import { type Config, loadConfig } from '../../config/load.ts'
import { HashingEmbeddings } from '../../embeddings/hashing.ts'
import { freshDb, type TestDb } from './db.ts'

/** An API app over a fresh store, with helpers to call it. */
export interface TestApp extends TestDb {
  app: Hono<AppEnv>
  config: Config
  embedder: HashingEmbeddings
  /** `app.request` with an optional bearer token. */
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>
  /** Upload `content` as a raw body named `name`; returns the response. */
  upload(name: string, content: string | Uint8Array, token?: string, type?: string): Promise<Response>
  /** Build another app over the same store (e.g. with other tokens or limits). */
  withApp(options?: TestAppOptions): { app: Hono<AppEnv>; call: TestApp['call'] }
}

/** Environment (e.g. FIELDKB_API_TOKENS) and extra app dependencies. */
export interface TestAppOptions {
  env?: Record<string, string>
  deps?: Partial<AppDeps>
}

/** A fresh store plus an API app on it, rate limiting off unless asked for. */
export async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
  const t = await freshDb()
  const embedder = new HashingEmbeddings(64)
  const build = (o: TestAppOptions) => {
    const config = loadConfig({ FIELDKB_DATA_DIR: '/nonexistent', ...o.env })
    const app = createApp({ db: t.db, embedder, config, rateLimit: false, ...o.deps })
    const call: TestApp['call'] = (path, init = {}) => {
      const { token, ...rest } = init
      const headers = new Headers(rest.headers)
      if (token) headers.set('authorization', `Bearer ${token}`)
      return Promise.resolve(app.request(path, { ...rest, headers }))
    }
    return { app, call, config }
  }
  const main = build(options)
  return {
    ...t,
    ...main,
    embedder,
    upload: (name, content, token, type = 'text/markdown') =>
      main.call(`/api/documents?filename=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: content,
        ...(token ? { token } : {}),
      }),
    withApp: (o = {}) => build(o),
  }
}

/** A markdown document with frontmatter. */
export function markdown(fields: Record<string, string>, body: string): string {
  const fm = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')
  return `---\n${fm}\n---\n\n${body}\n`
}

/** Three documents at two customers, used by several API test files. */
export const CORPUS: Record<string, string> = {
  'proxy-tls.md': markdown(
    {
      title: 'Proxy broke TLS',
      customer: 'Kestrel Freight',
      type: 'incident',
      date: '2026-07-08',
      severity: 'sev2',
      tags: '[proxy, tls]',
    },
    '# Proxy broke TLS\n\n## Impact\n\nThe nightly batch failed: the egress proxy re-signed certificates.\n\n## Root cause\n\nSSL inspection on the forward proxy; the container did not trust the proxy root CA.',
  ),
  'saml-skew.md': markdown(
    {
      title: 'SAML clock skew',
      customer: 'Meridian Bank',
      type: 'incident',
      date: '2026-09-02',
      severity: 'sev3',
      tags: '[sso, saml]',
    },
    '# SAML clock skew\n\n## Impact\n\nLogins failed for an hour.\n\n## Root cause\n\nThe identity provider clock drifted; assertions were not yet valid. The proxy was fine.',
  ),
  'kickoff.md': markdown(
    {
      title: 'Kickoff week',
      customer: 'Kestrel Freight',
      type: 'field-report',
      date: '2026-06-19',
      tags: '[kickoff]',
    },
    '# Kickoff week\n\nMet the operations team. Agreed on the exception summariser scope and the batch window.',
  ),
}

/** Upload {@link CORPUS} and return the document ids by file name. */
export async function seed(t: TestApp, token?: string): Promise<Record<string, number>> {
  const ids: Record<string, number> = {}
  for (const [name, content] of Object.entries(CORPUS)) {
    const res = await t.upload(name, content, token)
    if (res.status !== 201) throw new Error(`seeding ${name}: ${res.status} ${await res.text()}`)
    ids[name] = ((await res.json()) as { documentId: number }).documentId
  }
  return ids
}

/** A response's JSON body as a loosely typed record (tests then assert on its shape). */
export async function body(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>
}
