/**
 * Rules for secrets assigned to a telling name: `password=`, `DB_PASSWORD: …`, `"client_secret": "…"`,
 * YAML block scalars, Kubernetes `name:`/`value:` pairs and `<password>` XML elements. The name is
 * kept and only the value is replaced; obviously fake values (placeholders) are left alone.
 */
import type { RedactionKind, Rule } from './rule.ts'
import { isPlaceholderValue } from './validators.ts'

// The key only has to END with one of these words (DB_PASSWORD, clientSecret, x-api-key), but must
// be followed directly by the separator, so `password_policy:`, `max_tokens:` and `tokenizer:` never match.
const KEYWORD =
  '(?<kw>passw(?:or)?d|passphrase|pwd|client[_.-]?secret|secret[_.-]?key|secret|api[_.-]?key|access[_.-]?key|private[_.-]?key|token)'
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
  if (kw.startsWith('pass') || kw === 'pwd') return 'password'
  if (kw === 'token') return 'token'
  if (kw.startsWith('api') || kw.startsWith('access')) return 'api-key'
  return 'secret'
}

/** Rejects placeholders, `PWD=/home/me` (the shell's working directory) and code like `getpass()`. */
function checkAssignment(value: string, match: RegExpExecArray): boolean {
  if (isPlaceholderValue(value)) return false
  if (match.groups?.kw?.toLowerCase() === 'pwd' && /^(?:[/~]|[A-Za-z]:\\)/.test(value)) return false
  return !(match.groups?.secretBare !== undefined && /^[A-Za-z_][\w.]*[([]/.test(value))
}

/** Accepts a value unless it is a placeholder, returning its length without trailing blanks. */
function checkTrimmed(value: string): number | false {
  const trimmed = value.trimEnd()
  return !isPlaceholderValue(trimmed) && trimmed.length
}

/** Colon form takes the rest of the line (YAML allows spaces), minus a trailing `# comment`. */
function checkColonAssignment(value: string, match: RegExpExecArray): boolean | number {
  if (match.groups?.secretLine === undefined) return checkAssignment(value, match)
  // `https://x-access-token:${GH_TOKEN}@host` is URL userinfo, already judged by the URL rule.
  const before = match.input.slice(Math.max(0, match.index - 256), match.index)
  if (before.slice(before.search(/\S*$/)).includes('://')) return false
  // After a quoted key (`"token": null, "user": …`) the line is JSON, so a bare value ends at `,}]`.
  const end = match.groups.kq ? value.search(/[,}\]]/) : value.search(/[ \t]#/)
  const trimmed = (end >= 0 ? value.slice(0, end) : value).trimEnd()
  if (TYPE_ANNOTATION.test(trimmed) || /^[|>][+-]?[1-9]?$/.test(trimmed)) return false
  return checkAssignment(trimmed, match) && trimmed.length
}

/** Keeps the lines of a YAML block scalar that are indented deeper than its key. */
function checkBlockScalar(block: string, match: RegExpExecArray): number | false {
  const lineStart = match.input.lastIndexOf('\n', match.index) + 1
  const keyIndent = /^[ \t]*/.exec(match.input.slice(lineStart, match.index))![0].length
  // The first line's indent sits before the captured block (and stays in the output).
  if ((match.groups?.indent ?? '').length <= keyIndent) return false
  const [first = '', ...rest] = block.split('\n')
  let length = first.length
  for (const line of rest) {
    if (/^[ \t]*/.exec(line)![0].length <= keyIndent) break
    length += 1 + line.length
  }
  return block.slice(0, length).trimEnd().length
}

/** Assignment rules, most structured form first. */
export const ASSIGNMENT_RULES: readonly Rule[] = [
  {
    // `secret: |` followed by indented lines: the value is the block, not the `|` indicator.
    kind: 'secret',
    pattern: new RegExp(
      String.raw`${KEYWORD}["']?[ \t]*:[ \t]*[|>][+-]?[1-9]?[ \t]*(?:#[^\r\n]*)?\r?\n(?<indent>[ \t]+)(?<secretBlock>\S[^\r\n]*(?:\r?\n[ \t]+\S[^\r\n]*)*)`,
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
      String.raw`${KEYWORD}(?<kq>["']?)[ \t]*:(?![:/])[ \t]*(?:${quoted('Colon')}|(?<secretLine>[^\s"'\`#][^\r\n]*))`,
      'dgi',
    ),
    check: checkColonAssignment,
    classify: classifyAssignment,
  },
]
