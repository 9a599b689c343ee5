import YAML from 'yaml'
import type { DocumentType, Severity, Warning } from '../schemas/document.ts'
import { recoverLines } from './frontmatter-recover.ts'
import { parseDate } from './infer.ts'

/** Frontmatter keys fieldkb understands; anything else is kept but reported as `unknown-field`. */
export const KNOWN_KEYS = ['title', 'customer', 'date', 'type', 'tags', 'author', 'severity'] as const

/**
 * Keys converters write that are kept in frontmatter for the document page but are not metadata:
 * `parent` (the source path of the mail an attachment came with), `location` (where in the source).
 */
export const CARRIED_KEYS: ReadonlySet<string> = new Set(['parent', 'location'])

/**
 * Other people's names for the known keys, in precedence order after the key itself: `date` beats
 * `created`, which beats `incident_date`, and so on.
 */
export const KEY_ALIASES: Record<(typeof KNOWN_KEYS)[number], string[]> = {
  title: ['subject'],
  customer: ['client', 'account', 'company', 'org', 'organisation', 'organization'],
  date: [
    'created',
    'incident_date',
    'reported',
    'written',
    'published',
    'created_at',
    'date_created',
    'occurred',
  ],
  type: ['kind', 'category', 'doc_type', 'doctype'],
  tags: ['labels', 'keywords', 'topics'],
  author: ['owner', 'authors', 'by', 'written_by', 'reporter'],
  severity: ['sev', 'priority'],
}

/** The known key a frontmatter key stands for and its precedence (0 = the key itself), or null. */
function canonicalKey(name: string): { key: (typeof KNOWN_KEYS)[number]; rank: number } | null {
  const n = name.replace(/[\s-]+/g, '_')
  for (const key of KNOWN_KEYS) {
    if (n === key) return { key, rank: 0 }
    const i = KEY_ALIASES[key].indexOf(n)
    if (i >= 0) return { key, rank: i + 1 }
  }
  return null
}

/** The YAML block as data, with the file line of every top-level key. */
export interface Frontmatter {
  data: Record<string, unknown>
  /** For a block YAML refused: its plain top-level `key: value` lines, for metadata only. */
  recovered?: Record<string, unknown>
  /** 1-based file line of each top-level key, for warnings. */
  keyLines: Map<string, number>
  warnings: Warning[]
}

/** Known fields, normalised; `undefined` when absent or unusable (the caller infers them). */
export interface FrontmatterFields {
  title?: string
  customer?: string
  date?: string
  /** The frontmatter key the date came from (`date`, `created`, `incident_date`…). */
  dateKey?: string
  type?: DocumentType
  tags: string[]
  author: string | null
  severity: Severity | null
  warnings: Warning[]
}

/**
 * Build a warning whose message starts with `path:line:` (or `path:`) so it can be located from a log.
 * @example warning('unknown-field', 'a.md', 'unknown frontmatter key "team"', 4)
 */
export function warning(code: string, path: string, message: string, line?: number): Warning {
  const located = `${line === undefined ? path : `${path}:${line}`}: ${message}`
  return line === undefined ? { code, message: located } : { code, message: located, line }
}

/**
 * Parse a frontmatter block's YAML. `firstLine` is the file line of the block's first YAML line (2 when
 * the file opens with `---`). Syntax errors and non-mapping blocks give `data: {}` plus one
 * `frontmatter-malformed` warning naming the file, the file line and the YAML error.
 */
export function readFrontmatter(yaml: string, path: string, firstLine: number): Frontmatter {
  const lineCounter = new YAML.LineCounter()
  const doc = YAML.parseDocument(yaml, { lineCounter })
  const malformed = (message: string, yamlLine = 1, column?: number): Frontmatter => {
    const line = firstLine + yamlLine - 1
    const at = column === undefined ? `line ${line}` : `line ${line}, column ${column}`
    const text = `malformed frontmatter at ${at}: ${message}; only plain "key: value" lines used, body still parsed`
    const warnings = [warning('frontmatter-malformed', path, text, line)]
    return { data: {}, recovered: recoverLines(yaml), keyLines: new Map(), warnings }
  }
  const error = doc.errors[0]
  if (error) {
    // yaml's message ends with its own (block-relative) position and a snippet; keep only the reason.
    const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
    return malformed(reason || error.code, error.linePos?.[0].line, error.linePos?.[0].col)
  }
  if (doc.contents === null) return { data: {}, keyLines: new Map(), warnings: [] }
  if (!YAML.isMap(doc.contents)) return malformed('expected a mapping of key: value pairs')
  let data: unknown
  try {
    // A low alias budget defuses "billion laughs" blocks; real frontmatter never needs aliases.
    data = doc.toJS({ maxAliasCount: 50 })
  } catch (err) {
    return malformed(err instanceof Error ? err.message : String(err))
  }
  const keyLines = new Map<string, number>()
  for (const { key } of doc.contents.items) {
    const offset = YAML.isNode(key) ? key.range?.[0] : undefined
    const name = String(YAML.isScalar(key) ? key.value : key)
    if (offset !== undefined) keyLines.set(name, firstLine + lineCounter.linePos(offset).line - 1)
  }
  return { data: data as Record<string, unknown>, keyLines, warnings: [] }
}

/**
 * Severity aliases (case-insensitive): `sev1`/`SEV-1`/`S1`/`P1`/`1`/`critical` → sev1, … `4`/`low` → sev4.
 * Level 0 (`P0`, `SEV0`) is clamped to sev1; `high`/`major` → sev2; `medium`/`moderate` → sev3;
 * `low`/`minor` → sev4.
 */
const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'sev1',
  crit: 'sev1',
  blocker: 'sev1',
  high: 'sev2',
  major: 'sev2',
  medium: 'sev3',
  med: 'sev3',
  moderate: 'sev3',
  low: 'sev4',
  minor: 'sev4',
}

/**
 * Normalise a severity value, or `null` when it matches no alias.
 * @example parseSeverity('P1') // → 'sev1'
 */
export function parseSeverity(value: unknown): Severity | null {
  const text = String(value).trim().toLowerCase()
  const word = SEVERITY_WORDS[text] ?? SEVERITY_WORDS[text.split(/[\s(,:;]/)[0] ?? '']
  if (word) return word
  // `Sev 1 (revenue impact)`, `SEV-2: degraded`: the level, whatever follows it.
  const level = /^(?:sev(?:erity)?|s|p)?[\s_-]?([0-4])(?:$|[\s(,:;.])/.exec(text)?.[1]
  return level === undefined ? null : (`sev${Math.max(1, Number(level))}` as Severity)
}

/** Type aliases, after lower-casing and turning spaces/underscores into hyphens. */
const TYPE_ALIASES: Record<string, DocumentType> = {
  'field-report': 'field-report',
  fieldreport: 'field-report',
  report: 'field-report',
  'weekly-report': 'field-report',
  incident: 'incident',
  'incident-report': 'incident',
  postmortem: 'incident',
  'post-mortem': 'incident',
  outage: 'incident',
  'integration-doc': 'integration-doc',
  integration: 'integration-doc',
  runbook: 'integration-doc',
  'how-to': 'integration-doc',
  howto: 'integration-doc',
  guide: 'integration-doc',
}

/**
 * Normalise a document type value (plural forms accepted), or `null` when it matches no alias.
 * @example parseType('Post Mortem') // → 'incident'
 */
export function parseType(value: unknown): DocumentType | null {
  const key = String(value)
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
  return TYPE_ALIASES[key] ?? TYPE_ALIASES[key.replace(/s$/, '')] ?? null
}

/** Tags from a YAML list or a comma-separated string: trimmed, `#` dropped, empty and duplicates removed. */
function parseTags(value: unknown): string[] | null {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null
  if (raw === null || raw.some((t) => t !== null && typeof t === 'object')) return null
  const tags = raw
    .map((t) =>
      String(t ?? '')
        .trim()
        .replace(/^#/, ''),
    )
    .filter((t) => t !== '')
  return [...new Set(tags)]
}

/** A scalar as trimmed text (lists of scalars joined with `, `); `undefined` for empty, `null` for unusable. */
function scalarText(value: unknown): string | undefined | null {
  if (value === null || value === undefined) return undefined
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return scalarText(value.join(', '))
  if (typeof value === 'object') return null
  const text = String(value).trim()
  return text === '' ? undefined : text
}

/** Normalise the known frontmatter fields, warning (with the key's file line) about unknown or bad ones. */
export function frontmatterFields(fm: Frontmatter, path: string): FrontmatterFields {
  const out: FrontmatterFields = { tags: [], author: null, severity: null, warnings: [] }
  const bad = (code: string, key: string, message: string) =>
    out.warnings.push(warning(code, path, message, fm.keyLines.get(key)))
  // Aliases apply in precedence order, whatever their order in the file: `date` beats `created`.
  const ranked = Object.entries(fm.data)
    .map(([key, value]) => ({ key, value, canon: canonicalKey(key.trim().toLowerCase()) }))
    .sort((a, b) => (b.canon?.rank ?? 0) - (a.canon?.rank ?? 0))
  for (const { key, value, canon } of ranked) {
    if (canon === null) {
      if (CARRIED_KEYS.has(key)) continue
      bad('unknown-field', key, `unknown frontmatter key "${key}" (kept in frontmatter, not used)`)
      continue
    }
    const name = canon.key
    if (value === null || value === undefined || value === '') continue
    if (name === 'tags') {
      const tags = parseTags(value)
      if (tags) out.tags = tags
      else bad('field-invalid', key, `"${key}" must be a list or a comma-separated string; ignored`)
    } else if (name === 'date') {
      const date = value instanceof Date || typeof value !== 'object' ? parseDate(value) : null
      if (date) {
        out.date = date
        out.dateKey = key
      } else bad('date-invalid', key, `unparseable date ${JSON.stringify(value)}; date inferred instead`)
    } else if (name === 'type') {
      const type = typeof value === 'object' ? null : parseType(value)
      if (type) out.type = type
      else bad('type-invalid', key, `unknown type ${JSON.stringify(value)}; type inferred instead`)
    } else if (name === 'severity') {
      out.severity = typeof value === 'object' ? null : parseSeverity(value)
      if (!out.severity)
        bad('severity-invalid', key, `unknown severity ${JSON.stringify(value)}; set to null`)
    } else {
      const text = scalarText(value)
      if (text === null) bad('field-invalid', key, `"${key}" must be text; ignored`)
      else if (text !== undefined && name === 'author') out.author = text
      else if (text !== undefined) out[name as 'title' | 'customer'] = text
    }
  }
  return out
}
