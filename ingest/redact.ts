/**
 * Public entry point of redaction; the rules and engine live in `ingest/redact/`.
 */
export {
  REDACTION_KINDS,
  type RedactionKind,
  type RedactionResult,
  type RedactOptions,
  redact,
  redactionPlaceholder,
} from './redact/index.ts'
