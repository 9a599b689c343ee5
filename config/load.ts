import path from 'node:path'
import { ConfigError, type ValidationIssue } from '../lib/errors.ts'
import { EnvSchema, type Role } from './schema.ts'

/** Which embedding provider to use and how to reach it. */
export type EmbeddingConfig =
  | { provider: 'local'; cacheDir: string }
  | {
      provider: 'openai'
      apiKey: string
      baseURL: string | undefined
      model: string
      dimensions: number
      batchSize: number
      concurrency: number
    }

/** The validated, frozen configuration every part of fieldkb receives. */
export interface Config {
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string }
  dataDir: string
  embeddings: EmbeddingConfig
  chat: { apiKey: string; baseURL: string | undefined; model: string } | undefined
  server: { host: string; port: number; publicUrl: string; trustedProxies: string[] }
  apiTokens: { role: Role; token: string }[]
  ingest: {
    maxFileBytes: number
    chunkTokens: number
    chunkOverlap: number
    redactIpv4: boolean
    /** Parsing runs in a worker thread within these budgets (see ingest/parse-pool.ts). */
    parseTimeoutMs: number
    parseMemoryMb: number
    parseMaxDepth: number
  }
  mail: {
    smtpUrl: string | undefined
    from: string | undefined
    digestTo: string[]
    digestCron: string | undefined
  }
  timezone: string
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
}

/**
 * Validate the environment once and return a frozen, typed config. Throws `ConfigError` naming
 * every bad variable; nothing else in fieldkb reads `process.env`.
 * @example const config = loadConfig(process.env)
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in EnvSchema.shape && v !== undefined && v !== ''),
  )
  const parsed = EnvSchema.safeParse(cleaned)
  const issues: ValidationIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
  if (!parsed.success) throw configError(issues, cleaned)
  const e = parsed.data
  if (e.FIELDKB_EMBEDDINGS === 'openai' && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    issues.push({
      path: ['OPENAI_API_KEY'],
      message:
        'required when FIELDKB_EMBEDDINGS=openai (or set OPENAI_BASE_URL for a keyless local endpoint)',
    })
  }
  if (e.FIELDKB_DIGEST_CRON && !/^(\S+\s+){4,5}\S+$/.test(e.FIELDKB_DIGEST_CRON.trim())) {
    issues.push({ path: ['FIELDKB_DIGEST_CRON'], message: 'expected a 5- or 6-field cron expression' })
  }
  if (!isValidTimeZone(e.FIELDKB_TIMEZONE)) {
    issues.push({ path: ['FIELDKB_TIMEZONE'], message: 'expected an IANA time zone such as Europe/Berlin' })
  }
  if (issues.length > 0) throw configError(issues, cleaned)

  const dataDir = path.resolve(cwd, e.FIELDKB_DATA_DIR)
  const apiKey = e.OPENAI_API_KEY ?? 'not-needed'
  const ownUrl = `http://${urlHost(e.FIELDKB_HOST)}:${e.FIELDKB_PORT}`
  const config: Config = {
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    embeddings:
      e.FIELDKB_EMBEDDINGS === 'local'
        ? { provider: 'local', cacheDir: path.join(dataDir, 'cache') }
        : {
            provider: 'openai',
            apiKey,
            baseURL: e.OPENAI_BASE_URL,
            model: e.FIELDKB_EMBEDDING_MODEL,
            dimensions: e.FIELDKB_EMBEDDING_DIMENSIONS,
            batchSize: e.FIELDKB_EMBEDDING_BATCH_SIZE,
            concurrency: e.FIELDKB_EMBEDDING_CONCURRENCY,
          },
    chat:
      e.FIELDKB_CHAT_MODEL && (e.OPENAI_API_KEY || e.OPENAI_BASE_URL)
        ? { apiKey, baseURL: e.OPENAI_BASE_URL, model: e.FIELDKB_CHAT_MODEL }
        : undefined,
    server: {
      host: e.FIELDKB_HOST,
      port: e.FIELDKB_PORT,
      publicUrl: (e.FIELDKB_PUBLIC_URL ?? ownUrl).replace(/\/+$/, ''),
      trustedProxies: e.FIELDKB_TRUSTED_PROXIES,
    },
    apiTokens: e.FIELDKB_API_TOKENS.map((t) => {
      const i = t.indexOf(':')
      return { role: t.slice(0, i) as Role, token: t.slice(i + 1) }
    }),
    ingest: {
      maxFileBytes: e.FIELDKB_MAX_FILE_BYTES,
      chunkTokens: e.FIELDKB_CHUNK_TOKENS,
      chunkOverlap: e.FIELDKB_CHUNK_OVERLAP,
      redactIpv4: e.FIELDKB_REDACT_IPV4,
      parseTimeoutMs: e.FIELDKB_PARSE_TIMEOUT_MS,
      parseMemoryMb: e.FIELDKB_PARSE_MEMORY_MB,
      parseMaxDepth: e.FIELDKB_PARSE_MAX_DEPTH,
    },
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.FIELDKB_MAIL_FROM,
      digestTo: e.FIELDKB_DIGEST_TO,
      digestCron: e.FIELDKB_DIGEST_CRON,
    },
    timezone: e.FIELDKB_TIMEZONE,
    logLevel: e.FIELDKB_LOG_LEVEL,
  }
  return deepFreeze(config)
}

function configError(issues: ValidationIssue[], env: Record<string, string | undefined>): ConfigError {
  const lines = issues.map((i) => {
    const name = String(i.path[0] ?? '?')
    // Never echo secrets back: show the value only for non-secret variables.
    const secret = /KEY|TOKEN|PASSWORD|SMTP_URL|DATABASE_URL/.test(name)
    const shown = env[name] === undefined ? '' : secret ? ' (value hidden)' : ` (got "${env[name]}")`
    return `  ${name}: ${i.message}${shown}`
  })
  return new ConfigError(`Invalid configuration:\n${lines.join('\n')}`, issues)
}

// An IPv6 address needs brackets in a URL (`::1` → `[::1]`).
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
