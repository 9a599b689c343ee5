import { isIP } from 'node:net'
import { z } from 'zod'

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
    error: 'expected true/false (or 1/0, yes/no, on/off)',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'expected an integer' })
    .int({ error: 'expected an integer' })
    .min(min, { error: `expected an integer >= ${min}` })
    .max(max, { error: `expected an integer <= ${max}` })

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
)

const url = (protocols: RegExp, what: string) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.test(new URL(v).protocol)
      } catch {
        return false
      }
    },
    { error: `expected a ${what} URL` },
  )

/** Roles a token can carry, from least to most privileged. */
export const Role = z.enum(['reader', 'editor', 'admin'])
/** A token role. */
export type Role = z.infer<typeof Role>

const staticToken = z.string().regex(/^(reader|editor|admin):[A-Za-z0-9._~-]{16,}$/, {
  error: 'expected role:token with role reader|editor|admin and a token of at least 16 URL-safe characters',
})

/**
 * The environment variables fieldkb reads, with defaults. Every key is optional in the
 * environment; `loadConfig` turns this into the typed, frozen `Config`.
 */
export const EnvSchema = z.object({
  DATABASE_URL: url(/^postgres(ql)?:$/, 'postgres://').optional(),
  FIELDKB_DATA_DIR: z.string().min(1).default('./.fieldkb'),
  FIELDKB_EMBEDDINGS: z.enum(['local', 'openai'], { error: 'expected local or openai' }).default('local'),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: url(/^https?:$/, 'http(s)://').optional(),
  FIELDKB_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
  FIELDKB_EMBEDDING_DIMENSIONS: int(1, 16000).default(1536),
  FIELDKB_EMBEDDING_BATCH_SIZE: int(1, 2048).default(64),
  FIELDKB_EMBEDDING_CONCURRENCY: int(1, 32).default(2),
  FIELDKB_CHAT_MODEL: z.string().min(1).optional(),
  FIELDKB_HOST: z.string().min(1).default('127.0.0.1'),
  FIELDKB_PORT: int(0, 65535).default(8787),
  // Where users reach the server (e.g. a reverse proxy): digest links, and an accepted Host/Origin.
  FIELDKB_PUBLIC_URL: url(/^https?:$/, 'http(s)://').optional(),
  // Reverse proxies (IP addresses) whose X-Forwarded-For names the client; nobody else's is believed.
  FIELDKB_TRUSTED_PROXIES: list
    .pipe(
      z.array(z.string().refine((v) => isIP(v) !== 0, { error: 'expected comma-separated IP addresses' })),
    )
    .default([]),
  FIELDKB_API_TOKENS: list.pipe(z.array(staticToken)).default([]),
  FIELDKB_MAX_FILE_BYTES: int(1, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
  FIELDKB_CHUNK_TOKENS: int(50, 4000).default(300),
  FIELDKB_CHUNK_OVERLAP: int(0, 1000).default(40),
  FIELDKB_REDACT_IPV4: bool.default(false),
  FIELDKB_PARSE_TIMEOUT_MS: int(100, 3_600_000).default(20_000),
  FIELDKB_PARSE_MEMORY_MB: int(64, 16_384).default(512),
  FIELDKB_PARSE_MAX_DEPTH: int(8, 10_000).default(128),
  SMTP_URL: url(/^smtps?:$/, 'smtp:// or smtps://').optional(),
  FIELDKB_MAIL_FROM: z.email({ error: 'expected an e-mail address' }).optional(),
  FIELDKB_DIGEST_TO: list
    .pipe(z.array(z.email({ error: 'expected comma-separated e-mail addresses' })))
    .default([]),
  FIELDKB_DIGEST_CRON: z.string().min(1).optional(),
  FIELDKB_TIMEZONE: z.string().min(1).default('UTC'),
  FIELDKB_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
})
