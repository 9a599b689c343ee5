/**
 * Rules for secrets assigned to a telling name: `password=`, `DB_PASSWORD: …`, `"client_secret": "…"`,
 * YAML block scalars, Kubernetes `name:`/`value:` pairs and `<password>` XML elements. The name is
 * kept and only the value is replaced; obviously fake values (placeholders) are left alone.
 */
import type { RedactionKind, Rule } from './rule.ts'
import { isPlaceholderValue } from './validators.ts'

// The key only has to END with one of these words (DB_PASSWORD, clientSecret, x-api-key), but must
// be followed directly by the separator, so `password_policy:`, `max_tokens:` and `tokenizer:` never match.
// A bare `pass` must end a compound key (`db_pass`, `SMTP.PASS`), so `bypass:` is not a secret.
const KEYWORD =
  '(?<kw>passw(?:or)?d|passphrase|pwd|(?<=[_.-])pass|credentials?|creds|client[_.-]?secret|secret[_.-]?key|secret|api[_.-]?key|access[_.-]?key|private[_.-]?key|token)'
// A bare `${VAR}`, `$(cmd)` or `{{ var }}` is read whole (despite its braces) so it can be recognised
// as a placeholder rather than truncated at the first `}`.
const TEMPLATE = String.raw`(?:\$\{[^}\r\n]*\}|\$\([^)\r\n]*\)|\{\{[^}\r\n]*\}\})`
const quoted = (tag: string): string =>
  String.raw`"(?<secretDq${tag}>(?:[^"\\\r\n]|\\.)*)"|'(?<secretSq${tag}>[^'\r\n]*)'|` +
  `\`(?<secretBq${tag}>[^\`\\r\\n]*)\``

// `token: str) -> dict`, `password: string;`, `api_key: Optional[str] = None` are signatures in
// pasted code, not values.
const TYPE_ANNOTATION =
  /^(?:str|string|String|bytes|int|number|bool|boolean|any|unknown|SecretStr|&str|Optional\[[^\]]*\]|Option<[^>]*>)(?:[ \t]*(?:[),;=|\]{}]|->)|[ \t]*$)/

/** The kind an assignment reports, from the keyword that ends its key. */
function classifyAssignment(match: RegExpExecArray): RedactionKind {
  const kw = (match.groups?.kw ?? '').toLowerCase()
  if (kw.startsWith('pass') || kw.startsWith('cred') || kw === 'pwd') return 'password'
  if (kw === 'token') return 'token'
  if (kw.startsWith('api') || kw.startsWith('access')) return 'api-key'
  return 'secret'
}

/**
 * Rejects placeholders, OAuth error codes (`invalid_token: token expired`), `PWD=/home/me` (the
 * shell's working directory) and code like `getpass()`.
 */
function checkAssignment(value: string, match: RegExpExecArray): boolean {
  if (isPlaceholderValue(value)) return false
  const keyHead = match.input.slice(Math.max(0, match.index - 8), match.index)
  if (/(?:invalid|expired|revoked|missing)[_-]$/i.test(keyHead)) return false
  if (match.groups?.kw?.toLowerCase() === 'pwd' && /^(?:[/~]|[A-Za-z]:\\)/.test(value)) return false
  // fetch()'s `credentials: 'include'` is a request mode, not a credential.
  if (/^cred/i.test(match.groups?.kw ?? '') && /^(?:include|same-origin|omit)$/.test(value)) return false
  return !(match.groups?.secretBare !== undefined && /^[A-Za-z_][\w.]*[([]/.test(value))
}

/** Accepts a value unless it is a placeholder, returning its length without trailing blanks. */
function checkTrimmed(value: string): number | false {
  const trimmed = value.trimEnd()
  return !isPlaceholderValue(trimmed) && trimmed.length
}

/** The text from `at` to the end of its line (without the line break). */
function restOfLine(text: string, at: number): string {
  const eol = text.indexOf('\n', at)
  return text.slice(at, eol < 0 ? text.length : eol).replace(/\r$/, '')
}

// Look-behind windows are bounded so a megabyte-long line costs O(1) per candidate, not O(line).
const LOOKBEHIND = 256

/** True when only indentation, list/quote markers and the head of the key precede `index` on its line. */
function startsLine(text: string, index: number): boolean {
  const from = Math.max(0, index - LOOKBEHIND)
  const before = text.slice(from, index)
  const nl = before.lastIndexOf('\n')
  if (nl < 0 && from > 0) return false
  return /^[ \t>*#-]*[A-Za-z0-9_.-]*$/.test(before.slice(nl + 1))
}

/**
 * Colon form. A key that starts its line (YAML, headers, `Password: …` notes) owns the rest of the
 * line, since YAML values may hold spaces; a key inside prose (`invalid_token: token expired`) only
 * owns the next word; after a quoted key (`"token": null, …`) the line is JSON and a bare value ends at `,}]`.
 */
function checkColonAssignment(token: string, match: RegExpExecArray): boolean | number {
  if (match.groups?.secretLine === undefined) return checkAssignment(token, match)
  const text = match.input
  const start = match.indices!.groups!.secretLine![0]
  // `https://x-access-token:${GH_TOKEN}@host` is URL userinfo, already judged by the URL rule.
  const before = text.slice(Math.max(0, match.index - LOOKBEHIND), match.index)
  if (before.slice(before.search(/\S*$/)).includes('://')) return false
  let value = token
  const jsonEnd = token.search(/[,}\]]/)
  if (match.groups.kq) value = jsonEnd >= 0 ? token.slice(0, jsonEnd) : token
  else if (startsLine(text, match.index)) value = restOfLine(text, start).replace(/[ \t]#.*$/, '')
  value = value.trimEnd()
  // `"credentials": [` / `{` opens a nested structure; its own keys are judged on their own.
  if (TYPE_ANNOTATION.test(value) || /^[|>][+-]?[1-9]?$/.test(value) || /^[[{]/.test(value)) return false
  return checkAssignment(value, match) && value.length
}

/** Extends a YAML block scalar over the following lines indented deeper than its key. */
function checkBlockScalar(firstLine: string, match: RegExpExecArray): number | false {
  const text = match.input
  const keyIndent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', match.index) + 1, match.index))![0]
    .length
  // The first line's indent sits before the captured span (and stays in the output).
  if ((match.groups?.indent ?? '').length <= keyIndent) return false
  const start = match.indices!.groups!.secretBlock![0]
  let end = start + firstLine.length
  for (let next = text.indexOf('\n', end); next >= 0; next = text.indexOf('\n', end)) {
    const line = restOfLine(text, next + 1)
    const indent = /^[ \t]*/.exec(line)![0].length
    if (indent <= keyIndent || indent === line.length) break
    end = next + 1 + line.length
  }
  return text.slice(start, end).trimEnd().length
}

/** Assignment rules, most structured form first. */
export const ASSIGNMENT_RULES: readonly Rule[] = [
  {
    // `secret: |` followed by indented lines: the value is the block, not the `|` indicator. The
    // pattern captures the first line; the check extends the span over the rest of the block.
    kind: 'secret',
    pattern: new RegExp(
      String.raw`${KEYWORD}["']?[ \t]*:[ \t]*[|>][+-]?[1-9]?[ \t]*(?:#[^\r\n]*)?\r?\n(?<indent>[ \t]+)(?<secretBlock>\S[^\r\n]*)`,
      'dgi',
    ),
    check: checkBlockScalar,
    classify: classifyAssignment,
  },
  {
    // Kubernetes/ECS env entries name the variable and give the value in a sibling field:
    // `- name: DB_PASSWORD` / `value: …` or `{"name": "API_TOKEN", "value": "…"}`.
    kind: 'secret',
    pattern: new RegExp(
      String.raw`(?<![A-Za-z0-9_])name["']?[ \t]*[:=][ \t]*["']?[A-Za-z0-9_.-]*?${KEYWORD}["']?[ \t]*(?:,[ \t]*|\r?\n[ \t]*(?:-[ \t]+)?)["']?value["']?[ \t]*[:=][ \t]*(?:${quoted('Pair')}|(?<secretPair>${TEMPLATE}|[^\s"'\`,}\]][^\r\n,}\]]*))`,
      'dgi',
    ),
    check: checkTrimmed,
    classify: classifyAssignment,
  },
  {
    // Maven settings.xml, .NET config and SOAP bodies: `<password>…</password>`.
    kind: 'secret',
    pattern: new RegExp(String.raw`<[A-Za-z0-9_.:-]*?${KEYWORD}>(?<secretXml>[^<\r\n]+)</`, 'dgi'),
    check: checkTrimmed,
    classify: classifyAssignment,
  },
  {
    // `=`-form (env, CLI flags, query strings, connection strings): an unquoted value ends at
    // whitespace or a field separator.
    kind: 'secret',
    pattern: new RegExp(
      String.raw`${KEYWORD}["']?[ \t]*(?::=|=>|=(?![=~]))[ \t]*(?:${quoted('Eq')}|(?<secretBare>${TEMPLATE}[^\s"'\`;&,)\]}]*|[^\s"'\`;&,)\]}]+))`,
      'dgi',
    ),
    check: checkAssignment,
    classify: classifyAssignment,
  },
  {
    // `:`-form (YAML, JSON, headers, prose).
    kind: 'secret',
    pattern: new RegExp(
      String.raw`${KEYWORD}(?<kq>["']?)[ \t]*:(?![:/])[ \t]*(?:${quoted('Colon')}|(?<secretLine>[^\s"'\`#]\S*))`,
      'dgi',
    ),
    check: checkColonAssignment,
    classify: classifyAssignment,
  },
]
