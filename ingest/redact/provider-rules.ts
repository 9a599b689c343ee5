/**
 * Rules for key material and vendor tokens that are recognisable by their own shape: PEM blocks,
 * JWTs and the prefixed tokens of AWS, GCP, Azure, GitHub, GitLab, Slack, Stripe, OpenAI and Anthropic.
 */
import type { Rule } from './rule.ts'

const hasUpperAndDigit = (value: string): boolean => /[A-Z]/.test(value) && /\d/.test(value)

/** Provider-specific rules, most specific first. */
export const PROVIDER_RULES: readonly Rule[] = [
  {
    // Before the PEM rules so a key inside service-account JSON is attributed to GCP; the value is a
    // single JSON string with escaped `\n`, so it ends at the first unescaped quote.
    kind: 'gcp-service-account-key',
    pattern: /"private_key"[ \t]*:[ \t]*"(?<secret>-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[^"\\\r\n]|\\.)*)"/dg,
  },
  {
    // The body may not contain another BEGIN/END line, so an unterminated block stops at the next
    // header instead of scanning to the end of the corpus for every BEGIN.
    kind: 'private-key',
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[^-]|-(?!----(?:BEGIN|END) ))*-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/dg,
  },
  {
    // A key pasted without its END line still leaks its body: take the header and the base64 lines after it.
    kind: 'private-key',
    pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:(?:\r?\n|\\n)[A-Za-z0-9+/=]+)*/dg,
  },
  {
    // Before bearer headers and `token=` assignments so a JWT keeps its more informative kind.
    kind: 'jwt',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{7,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/dg,
  },
  {
    kind: 'aws-access-key',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/dg,
    // AWS documents its example keys with an `EXAMPLE` suffix; they grant nothing.
    check: (value) => !value.endsWith('EXAMPLE'),
  },
  {
    // A bare 40-character base64 string is indistinguishable from a hash, so only redact it when
    // it is assigned to a secret-access-key name (config file, env, JSON, `aws configure` prompt).
    kind: 'aws-secret-key',
    pattern:
      /secret[_. -]?(?:access[_. -]?)?key["']?(?: \[[^\]\r\n]*\])?[ \t]*(?::|=>?)[ \t]*["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
  },
  {
    kind: 'gcp-api-key',
    pattern: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/dg,
  },
  {
    kind: 'azure-storage-key',
    pattern:
      /(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)[ \t]*=[ \t]*(?<secret>[A-Za-z0-9+/]{20,}={0,2})/dgi,
  },
  {
    // Before the `sig=` rule: a connection-string SAS contains `sig=` and is redacted as one value.
    kind: 'azure-sas-token',
    pattern: /(?<![A-Za-z0-9])SharedAccessSignature[ \t]*=[ \t]*(?<secret>[^\s;"'<>]+)/dgi,
  },
  {
    kind: 'azure-sas-token',
    pattern: /[?&]sig=(?<secret>[A-Za-z0-9%+/=_-]{16,})/dg,
  },
  {
    kind: 'github-token',
    pattern:
      /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,251})(?![A-Za-z0-9_])/dg,
  },
  {
    kind: 'gitlab-token',
    pattern:
      /(?<![A-Za-z0-9_-])gl(?:pat|dt|rt|ptt|ft|cbt|imt|oas|soat)-[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]+)*(?![A-Za-z0-9_-])/dg,
  },
  {
    kind: 'slack-webhook',
    pattern: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/dg,
  },
  {
    kind: 'slack-token',
    pattern: /(?<![A-Za-z0-9-])(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,}(?![A-Za-z0-9-])/dg,
  },
  {
    kind: 'stripe-key',
    pattern: /(?<![A-Za-z0-9_])(?:(?:sk|rk|pk)_(?:live|test)|whsec)_[A-Za-z0-9]{10,}(?![A-Za-z0-9_])/dg,
  },
  {
    // Before the OpenAI rule, whose `sk-` prefix also matches Anthropic keys.
    kind: 'anthropic-api-key',
    pattern: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/dg,
  },
  {
    // Real keys mix case and digits; requiring both keeps lowercase names like `sk-payments-worker-…` intact.
    kind: 'openai-api-key',
    pattern: /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/dg,
    check: hasUpperAndDigit,
  },
]
