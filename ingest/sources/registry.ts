/**
 * The source converters fieldkb runs, and how the walker finds the one for a file or folder. To add
 * a converter, write `ingest/sources/<name>.ts` exporting a {@link SourceConverter} and add it to
 * {@link CONVERTERS}; converters load their heavy libraries inside `convert`, so listing one here
 * costs nothing until a matching file is met.
 */
import path from 'node:path'
import type { FieldMap } from '../field-map.ts'
import { docxConverter } from './docx.ts'
import { emlConverter, mboxConverter } from './email.ts'
import { createExportConverters, EXPORT_CONVERTERS } from './exports.ts'
import { pdfConverter } from './pdf.ts'
import type { SourceConverter } from './types.ts'

/** Every converter, file converters first; folder converters are tried in this order. */
export const CONVERTERS: readonly SourceConverter[] = [
  pdfConverter,
  docxConverter,
  emlConverter,
  mboxConverter,
  ...EXPORT_CONVERTERS,
]

/** The converter claiming a file by its extension (case-insensitive), or null. */
export function converterForFile(file: string): SourceConverter | null {
  const ext = path.extname(file).toLowerCase()
  if (ext === '') return null
  return CONVERTERS.find((c) => c.extensions.includes(ext)) ?? null
}

/** The folder converter claiming a folder from its entry names, or null. */
export function converterForDir(entries: readonly string[]): SourceConverter | null {
  return CONVERTERS.find((c) => c.matchesDir?.(entries) === true) ?? null
}

/**
 * A converter by name (the parse worker receives names, not functions); export converters are
 * built with the user's field map when one is given, so `--map` reaches ticket columns and channels.
 */
export function converterNamed(name: string, fieldMap?: FieldMap): SourceConverter | null {
  const configured = fieldMap ? createExportConverters({ fieldMap }).find((c) => c.name === name) : undefined
  return configured ?? CONVERTERS.find((c) => c.name === name) ?? null
}

/** Every extension some converter claims, sorted. */
export function convertedExtensions(): string[] {
  return [...new Set(CONVERTERS.flatMap((c) => c.extensions))].sort()
}
