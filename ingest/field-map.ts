/**
 * A user's names for fieldkb's metadata fields (`--map customer=company`, `--map-file`): renames
 * frontmatter keys (and ticket columns) to the keys fieldkb reads, and rewrites values the user
 * names differently (`severity: urgent` → `sev1`). Pure: no file or process access.
 */
import YAML from 'yaml'
import { z } from 'zod'
import { ValidationError } from '../lib/errors.ts'
import { KEY_ALIASES } from './frontmatter.ts'
import { ChannelCustomerConfig } from './sources/exports/channel-customer.ts'

/** The fieldkb fields a user's field can be mapped onto. */
export const MAPPABLE_FIELDS = ['customer', 'date', 'severity', 'type', 'tags', 'author', 'title'] as const
/** One fieldkb field name. */
export type MappableField = (typeof MAPPABLE_FIELDS)[number]

const FieldName = z.enum(MAPPABLE_FIELDS)
const ValueMap = z.record(z.string().min(1), z.string().min(1))

/** The mapping: `fields` maps a fieldkb field to the user's field name; `values` rewrites values. */
export const FieldMap = z
  .object({
    fields: z.partialRecord(FieldName, z.string().trim().min(1)).default({}),
    values: z.object({ severity: ValueMap.optional(), type: ValueMap.optional() }).strict().default({}),
    /** Chat channel → customer rules for Slack and Teams exports (`cust-acme-*` → Acme). */
    channels: ChannelCustomerConfig.optional(),
  })
  .strict()
/** A validated field mapping. */
export type FieldMap = z.infer<typeof FieldMap>

/** The mapping that changes nothing. */
export const EMPTY_FIELD_MAP: FieldMap = { fields: {}, values: {} }

/** Whether a mapping changes anything. */
export function isEmptyFieldMap(map: FieldMap | undefined): boolean {
  if (!map) return true
  return Object.keys(map.fields).length === 0 && Object.keys(map.values).length === 0 && !map.channels
}

const norm = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/** The key of `data` that `name` names, compared case- and separator-insensitively. */
export function findKey(keys: Iterable<string>, name: string): string | undefined {
  const wanted = norm(name)
  for (const k of keys) if (norm(k) === wanted) return k
  return undefined
}

/** A value rewritten through the value map of `field` (case-insensitive), else unchanged. */
export function mapValue(map: FieldMap | undefined, field: 'severity' | 'type', value: unknown): unknown {
  const table = map?.values[field]
  if (!table || typeof value !== 'string') return value
  const key = findKey(Object.keys(table), value)
  return key === undefined ? value : table[key]
}

/**
 * Apply a mapping to a frontmatter object: each mapped user field replaces the fieldkb field (the
 * user's key is removed, so it is not reported as unknown), then severity/type values are rewritten.
 * @example applyFieldMap({ company: 'Acme' }, { fields: { customer: 'company' }, values: {} }) // → { customer: 'Acme' }
 */
export function applyFieldMap(
  data: Record<string, unknown>,
  map: FieldMap | undefined,
): Record<string, unknown> {
  if (isEmptyFieldMap(map) || !map) return data
  const out = { ...data }
  for (const [target, source] of Object.entries(map.fields)) {
    const key = findKey(Object.keys(out), source)
    if (key === undefined || key === target) continue
    const value = out[key]
    delete out[key]
    const existing = findKey(Object.keys(out), target)
    if (existing !== undefined) delete out[existing]
    out[target] = value
  }
  // Values are rewritten under the fieldkb key and its usual aliases (`sev: urgent`).
  for (const field of ['severity', 'type'] as const) {
    for (const name of [field, ...KEY_ALIASES[field]]) {
      const key = findKey(Object.keys(out), name)
      if (key !== undefined) out[key] = mapValue(map, field, out[key])
    }
  }
  return out
}

/**
 * Parse `--map` values (`customer=company`) into a mapping, merged over `base` (a map file).
 * @throws {ValidationError} naming the bad option and the accepted fields
 */
export function parseMapOptions(pairs: readonly string[], base: FieldMap = EMPTY_FIELD_MAP): FieldMap {
  const fields: Record<string, string> = { ...base.fields }
  for (const pair of pairs) {
    const m = /^\s*([\w-]+)\s*=\s*(.+?)\s*$/.exec(pair)
    const target = m?.[1]?.toLowerCase()
    if (!m || !target || !(MAPPABLE_FIELDS as readonly string[]).includes(target)) {
      throw new ValidationError(
        `--map "${pair}": expected <field>=<your field name>, field one of ${MAPPABLE_FIELDS.join(', ')}`,
        [{ path: ['map'], message: `bad mapping "${pair}"` }],
      )
    }
    fields[target] = m[2] ?? ''
  }
  return { ...base, fields }
}

/**
 * Parse a map file's YAML text (`fields:` and `values:` mappings) and validate it.
 * @throws {ValidationError} naming the file and each bad entry
 */
export function parseMapFile(text: string, file: string): FieldMap {
  let data: unknown
  try {
    data = YAML.parse(text, { maxAliasCount: 50 }) ?? {}
  } catch (cause) {
    throw new ValidationError(`${file}: not valid YAML: ${(cause as Error).message.split('\n')[0]}`, [], {
      cause,
    })
  }
  const result = FieldMap.safeParse(data)
  if (result.success) return result.data
  const issues = result.error.issues.map((i) => {
    // An unknown key is reported on its parent; name the key itself.
    const keys = i.code === 'unrecognized_keys' ? i.keys : []
    const message = keys.length > 0 ? `unknown key; expected one of ${MAPPABLE_FIELDS.join(', ')}` : i.message
    return { path: [...i.path.map((p) => String(p)), ...keys], message }
  })
  const where = issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')
  throw new ValidationError(
    `${file}: invalid field map (${where}); expected "fields: {customer: company, ...}", optional "values: {severity: {urgent: sev1}}" and "channels: {rules: [{pattern: cust-acme-*, customer: Acme}]}"`,
    issues,
  )
}
