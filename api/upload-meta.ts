/** The metadata fields of an upload form (customer, type, date, severity), validated. */
import { ValidationError } from '../lib/errors.ts'
import { MetaOverrides } from '../schemas/document.ts'

/** The form's customer / type / date / severity fields (blank ones ignored), validated. */
export function formMeta(form: Record<string, unknown>): MetaOverrides | undefined {
  const raw: Record<string, string> = {}
  for (const key of ['customer', 'type', 'date', 'severity'] as const) {
    const v = form[key]
    if (typeof v === 'string' && v.trim() !== '') raw[key] = v.trim()
  }
  if (Object.keys(raw).length === 0) return undefined
  const parsed = MetaOverrides.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
    throw new ValidationError(
      `invalid ${issues.map((i) => i.path.join('.')).join(', ')}: ${issues.map((i) => i.message).join('; ')}`,
      issues,
    )
  }
  return parsed.data
}
