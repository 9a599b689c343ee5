/**
 * Attachments as documents of their own: an attached file of a type fieldkb reads (markdown, text,
 * HTML, PDF, DOCX, and what the caller adds) is converted from its bytes, named `attachment/<name>`
 * under its parent's part and linked to it; one that cannot be read becomes a warning on the parent.
 * Shared by the e-mail converter and the Confluence/Notion export converters.
 */
import path from 'node:path'
import YAML from 'yaml'
import { toError } from '../../lib/errors.ts'
import { docxConverter } from './docx.ts'
import { htmlToMarkdown, mergeFrontmatter } from './markdown.ts'
import { pdfConverter } from './pdf.ts'
import type { ConvertedDocument, ConvertInput, SourceConverter } from './types.ts'

/** Converters for binary attachments every container accepts (static imports: converters run in a worker). */
export const BINARY_ATTACHMENT_CONVERTERS: readonly SourceConverter[] = [pdfConverter, docxConverter]

/** An attachment's documents, or a thrown error saying why it is not ingested. */
export async function convertAttachment(
  name: string,
  bytes: Uint8Array,
  input: ConvertInput,
  converters: readonly SourceConverter[] = BINARY_ATTACHMENT_CONVERTERS,
): Promise<ConvertedDocument[]> {
  const ext = path.extname(name).toLowerCase()
  const text = () => new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '')
  if (ext === '.md' || ext === '.markdown' || ext === '.txt')
    return [{ part: '', markdown: text(), warnings: [] }]
  if (ext === '.html' || ext === '.htm') return [{ part: '', markdown: htmlToMarkdown(text()), warnings: [] }]
  const converter = converters.find((c) => c.extensions.includes(ext))
  if (!converter) throw new Error(`unsupported type ${ext || '(no extension)'}`)
  return converter.convert({ absPath: input.absPath, relPath: `${input.relPath}#${name}`, bytes })
}

/** A converter's error message without the `file#attachment: ` prefix (the warning names the parent). */
export function withoutFile(message: string, input: ConvertInput): string {
  return message.replace(/^[^:]*#[^:]*: /, '').replace(`${input.relPath}: `, '')
}

/** The text of a markdown document's first level-1 heading, if any. */
function firstHeading(markdown: string): string | undefined {
  return /^# +(.+?)\s*#*\s*$/m.exec(markdown)?.[1]?.trim() || undefined
}

/** One attachment to turn into documents. */
export interface AttachmentFile {
  /** Its file name as shown in warnings and used as the title fallback. */
  name: string
  /** The part it is stored under (`…attachment/<path>`), unique in its container. */
  part: string
  /** The part of the document it belongs to. */
  parent: string
  bytes: Uint8Array
}

/**
 * The documents of one attachment, linked to its parent and inheriting `inherit` (e.g. the parent's
 * date) where it has no value of its own; when it cannot be read, a warning is pushed to `warnings`
 * (the parent's) and nothing is returned, so a broken attachment never fails its parent.
 */
export async function attachmentDocuments(
  file: AttachmentFile,
  input: ConvertInput,
  warnings: string[],
  inherit: Record<string, unknown> = {},
  converters: readonly SourceConverter[] = BINARY_ATTACHMENT_CONVERTERS,
): Promise<ConvertedDocument[]> {
  let attached: ConvertedDocument[]
  try {
    attached = await convertAttachment(file.name, file.bytes, input, converters)
  } catch (cause) {
    warnings.push(
      `attachment "${file.name || 'unnamed'}" not ingested: ${withoutFile(toError(cause).message, input)}`,
    )
    return []
  }
  return attached.map((d) => ({
    part: d.part ? `${file.part}/${d.part}` : file.part,
    // Its own title, else its first heading, else its file name; the parent's fields where it has none.
    markdown: mergeFrontmatter(d.markdown, {}, { title: firstHeading(d.markdown) ?? file.name, ...inherit }),
    parent: file.parent,
    warnings: d.warnings,
  }))
}

/** Frontmatter fields an attachment takes from its page when it has none of its own. */
const INHERITED = ['date', 'customer'] as const

function inheritedFrom(doc: ConvertedDocument | undefined): Record<string, unknown> {
  const block = doc ? /^---\r?\n([\s\S]*?)\r?\n---/.exec(doc.markdown)?.[1] : undefined
  if (!block) return {}
  let data: unknown
  try {
    data = YAML.parse(block)
  } catch {
    return {}
  }
  if (!data || typeof data !== 'object') return {}
  const fields = data as Record<string, unknown>
  return Object.fromEntries(INHERITED.filter((k) => fields[k] != null).map((k) => [k, fields[k]]))
}

const IMAGE = /\.(png|jpe?g|gif|svg|webp|bmp|ico|tiff?|heic)$/i

/**
 * The documents of an export's attachments (e.g. Confluence `attachments/<pageId>/…`, files in a
 * Notion page's folder): each linked to its page, which gets a warning for each one not ingested.
 * An attachment whose page is not in the export is stored without a parent; its warnings go to the
 * export's first page.
 */
export async function exportAttachments(
  pages: readonly ConvertedDocument[],
  files: readonly (Omit<AttachmentFile, 'parent'> & { parent: string | undefined })[],
  input: ConvertInput,
): Promise<ConvertedDocument[]> {
  const byPart = new Map(pages.map((p) => [p.part, p]))
  const docs: ConvertedDocument[] = []
  for (const f of files) {
    // Wiki exports carry every inline image as an attachment: pictures hold no text to ingest, and a
    // warning for each would bury the ones that matter.
    if (IMAGE.test(f.name)) continue
    const page = f.parent === undefined ? undefined : byPart.get(f.parent)
    const warnings = (page ?? pages[0])?.warnings ?? []
    const made = await attachmentDocuments(
      { ...f, parent: page?.part ?? '' },
      input,
      warnings,
      inheritedFrom(page),
    )
    for (const d of made) docs.push(page ? d : { part: d.part, markdown: d.markdown, warnings: d.warnings })
  }
  return docs
}
