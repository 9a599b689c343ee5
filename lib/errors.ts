/**
 * The typed error hierarchy shared by every layer. Handlers and stages throw these; the CLI maps
 * them to exit codes and the HTTP API's `onError` maps them to RFC 9457 problem responses.
 */

/** Options accepted by every {@link AppError}. */
export interface AppErrorOptions {
  cause?: unknown
  /** A hint telling the user what to do next (shown by the CLI and in problem details). */
  hint?: string
}

/** Root of fieldkb's errors: carries a stable machine-readable `code` and an HTTP status. */
export class AppError extends Error {
  readonly code: string = 'app_error'
  readonly status: number = 500
  readonly hint: string | undefined

  constructor(message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.hint = options.hint
  }
}

/** A problem with one file: the message starts with its path; `reason` is the rest. */
export class FileError extends AppError {
  constructor(
    readonly reason: string,
    readonly file: string,
    options: AppErrorOptions = {},
  ) {
    super(`${file}: ${reason}`, options)
  }
}

/** A file could not be read or parsed (binary, not UTF-8, too large, unsupported format). */
export class ParseError extends FileError {
  override readonly code = 'parse_error'
  override readonly status = 422
}

/**
 * A file a generic converter claims by extension (`.json`, `.csv`, `.zip`) is not one of its
 * formats: the walker reports it as skipped with this reason, not as a failure.
 */
export class UnrecognisedSourceError extends FileError {
  override readonly code = 'unrecognised_source'
  override readonly status = 422
}

/** The embedding provider failed; `retryable` tells whether trying again may help. */
export class EmbeddingError extends AppError {
  override readonly code = 'embedding_error'
  override readonly status = 502
  constructor(
    message: string,
    readonly retryable: boolean,
    options: AppErrorOptions = {},
  ) {
    super(message, options)
  }
}

/** A requested record does not exist. */
export class NotFoundError extends AppError {
  override readonly code = 'not_found'
  override readonly status = 404
}

/** One issue found while validating input, in the shape zod reports it. */
export interface ValidationIssue {
  path: (string | number)[]
  message: string
}

/** Input failed validation; `issues` names every bad field. */
export class ValidationError extends AppError {
  override readonly code = 'validation_error'
  override readonly status = 400
  constructor(
    message: string,
    readonly issues: ValidationIssue[] = [],
    options: AppErrorOptions = {},
  ) {
    super(message, options)
  }
}

/** Well-formed input with a value that cannot be accepted (an unknown status, a bad URL): HTTP 422. */
export class UnprocessableError extends AppError {
  override readonly code = 'unprocessable'
  override readonly status = 422
  constructor(
    message: string,
    readonly issues: ValidationIssue[] = [],
    options: AppErrorOptions = {},
  ) {
    super(message, options)
  }
}

/** The configuration (environment) is invalid; `issues` names every bad variable. */
export class ConfigError extends AppError {
  override readonly code = 'config_error'
  constructor(
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message)
  }
}

/** The store was built with another embedding model or dimension than the one configured. */
export class EmbeddingModelMismatchError extends AppError {
  override readonly code = 'embedding_model_mismatch'
  override readonly status = 409
}

/** The store failed (connection, SQL, migration). */
export class StorageError extends AppError {
  override readonly code = 'storage_error'
}

/**
 * The embedded store is open in another process (one writer per PGlite data directory); `holder`
 * names it (pid, host, command, server URL) as read from the lock file.
 */
export class StoreLockedError extends AppError {
  override readonly code = 'store_locked'
  override readonly status = 503
  readonly holder: unknown
  constructor(message: string, options: AppErrorOptions & { holder?: unknown } = {}) {
    super(message, options)
    this.holder = options.holder
  }
}

/** Missing or invalid credentials. */
export class UnauthorizedError extends AppError {
  override readonly code = 'unauthorized'
  override readonly status = 401
}

/** Valid credentials without the role the action needs. */
export class ForbiddenError extends AppError {
  override readonly code = 'forbidden'
  override readonly status = 403
}

/** Too many requests from one client. */
export class RateLimitError extends AppError {
  override readonly code = 'rate_limited'
  override readonly status = 429
}

/** Request body over the configured limit. */
export class PayloadTooLargeError extends AppError {
  override readonly code = 'payload_too_large'
  override readonly status = 413
}

/** The request body's media type is not one the route accepts. */
export class UnsupportedMediaTypeError extends AppError {
  override readonly code = 'unsupported_media_type'
  override readonly status = 415
}

/** A dependency (the database) is down; retrying later may help. */
export class ServiceUnavailableError extends AppError {
  override readonly code = 'unavailable'
  override readonly status = 503
}

/** A rate-limit rejection that knows when the client may retry (sent as `Retry-After`). */
export class RetryLaterError extends RateLimitError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, { hint: `retry after ${retryAfterSeconds} s` })
  }
}

/** The mail could not be delivered (connection, TLS, login or recipients refused). */
export class MailError extends AppError {
  override readonly code = 'mail_error'
  override readonly status = 502
}

/** A webhook delivery failed after every attempt (or was refused outright with a 4xx). */
export class WebhookError extends AppError {
  override readonly code = 'webhook_error'
  override readonly status = 502
}

/** Narrow an unknown thrown value to an `Error` with a message. */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value))
}
