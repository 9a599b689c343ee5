/**
 * Rules for credentials recognisable by where they sit: passwords inside URLs and `curl -u`, and
 * HTTP Authorization headers.
 */
import type { Rule } from './rule.ts'
import { isPlaceholderValue } from './validators.ts'

const notPlaceholder = (value: string): boolean => !isPlaceholderValue(value)

/** URL and header rules, run after provider tokens (which carry a better kind). */
export const CREDENTIAL_RULES: readonly Rule[] = [
  {
    // Before e-mail: `user:pw@host.example.com` would otherwise read as an address. Pasted passwords
    // are often not percent-encoded, so `@ ? #` are allowed and the password runs to the last `@`
    // before the host; `host:8080?q=a@b` is a port and a query, not a password.
    kind: 'password',
    pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/@?#"'<>]*:(?<secret>[^\s/"'<>]+)@/dg,
    check: (value) => notPlaceholder(value) && !/^\d{1,5}[?#]/.test(value),
  },
  {
    // `curl -u user:pw`; numeric pairs are `docker run -u 1000:1000` uid:gid, not credentials.
    kind: 'password',
    pattern: /(?<![\w-])(?:-u|--user)[ \t]+["']?[^\s:"']+:(?<secret>[^\s"']+)/dg,
    check: (value) => notPlaceholder(value) && !/^\d+$/.test(value),
  },
  {
    kind: 'bearer-token',
    pattern:
      /(?<![A-Za-z0-9-])(?:Proxy-)?Authorization["']?[ \t]*[:=][ \t]*["']?Bearer[ \t]+(?<secret>[A-Za-z0-9._~+/-]+=*)/dgi,
    check: notPlaceholder,
  },
  {
    // Outside a header, "Bearer" is often prose ("Bearer authentication"), so demand a token-like value.
    kind: 'bearer-token',
    pattern: /(?<![A-Za-z0-9_-])Bearer[ \t]+(?<secret>[A-Za-z0-9._~+/-]{16,}=*)/dg,
    check: (value) => /\d/.test(value) && /[A-Za-z]/.test(value),
  },
  {
    // Any other scheme (`Token`, `ApiKey`, `SSWS`, `Key`) or a bare value; Digest's `name="…"`
    // parameters are not a token.
    kind: 'token',
    pattern:
      /(?<![A-Za-z0-9-])(?:Proxy-)?Authorization["']?[ \t]*[:=][ \t]*["']?(?!(?:Bearer|Basic|Digest|Negotiate)\b)(?:[A-Za-z][\w-]{1,20}[ \t]+)?(?![\w-]+=")(?<secret>[A-Za-z0-9._~+/:-]{8,}=*)/dgi,
    check: (value) => notPlaceholder(value) && /\d/.test(value),
  },
  {
    kind: 'basic-auth',
    pattern:
      /(?<![A-Za-z0-9-])(?:Proxy-)?Authorization["']?[ \t]*[:=][ \t]*["']?Basic[ \t]+(?<secret>[A-Za-z0-9+/]+=*)/dgi,
    check: notPlaceholder,
  },
]
