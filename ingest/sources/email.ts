/**
 * E-mail → markdown with `mailparser`: one document per message (subject → title, `Date:` → date,
 * From → author, the text body, or the HTML body as markdown), and each attachment of a type
 * fieldkb reads (markdown, text, HTML, PDF, DOCX, e-mail) as its own document whose `parent` is
 * the message. `.mbox` files hold many messages, one part each, named by Message-ID.
 */
import path from 'node:path'
import { ParseError, toError } from '../../lib/errors.ts'
import { docxConverter } from './docx.ts'
import { htmlToMarkdown, isoDate, mergeFrontmatter, withFrontmatter } from './markdown.ts'
import { pdfConverter } from './pdf.ts'
import type { ConvertedDocument, ConvertInput, SourceConverter } from './types.ts'

interface Attachment {
  filename?: string | undefined
  content: Buffer
}

/** Convert one raw message; parts are prefixed with `prefix` (empty for a single .eml). */
async function convertMessage(
  raw: Buffer,
  input: ConvertInput,
  prefix: string,
): Promise<ConvertedDocument[]> {
  const { simpleParser } = await import('mailparser')
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true })
  const from = mail.from?.value[0]
  const text = mail.text?.trim() ? mail.text : mail.html ? htmlToMarkdown(mail.html) : ''
  const warnings: string[] = []
  if (!mail.subject && !mail.date && !mail.from && text.trim() === '') {
    throw new ParseError('no e-mail headers or body found', input.relPath, {
      hint: 'save the message as .eml (RFC 822) from the mail client',
    })
  }
  const self = prefix
  const docs: ConvertedDocument[] = []
  const date = isoDate(mail.date)
  const used = new Set<string>()
  for (const a of (mail.attachments ?? []) as Attachment[]) {
    const name = a.filename ?? ''
    let attached: ConvertedDocument[]
    try {
      attached = await convertAttachment(name, a.content, input)
    } catch (cause) {
      warnings.push(
        `attachment "${name || 'unnamed'}" not ingested: ${withoutFile(toError(cause).message, input)}`,
      )
      continue
    }
    let base = `${self ? `${self}/` : ''}attachment/${name.replace(/[#\s]+/g, '_')}`
    for (let n = 2; used.has(base); n++) base = `${base}-${n}`
    used.add(base)
    for (const d of attached) {
      docs.push({
        part: d.part ? `${base}/${d.part}` : base,
        // The attachment inherits the mail's date; its own title, else its file name.
        markdown: mergeFrontmatter(d.markdown, {}, { title: name, date }),
        parent: self,
        warnings: d.warnings,
      })
    }
  }
  const markdown = withFrontmatter(
    { title: mail.subject?.trim(), date, author: from?.name?.trim() || from?.address },
    `${text.trim()}\n`,
  )
  return [{ part: self, markdown, warnings }, ...docs]
}

/** An attachment's documents, or a thrown error saying why it is not ingested. */
async function convertAttachment(
  name: string,
  bytes: Buffer,
  input: ConvertInput,
): Promise<ConvertedDocument[]> {
  const ext = path.extname(name).toLowerCase()
  if (ext === '.md' || ext === '.markdown' || ext === '.txt') {
    return [{ part: '', markdown: bytes.toString('utf8'), warnings: [] }]
  }
  if (ext === '.html' || ext === '.htm') {
    return [{ part: '', markdown: htmlToMarkdown(bytes.toString('utf8')), warnings: [] }]
  }
  const converter = ATTACHMENT_CONVERTERS.find((c) => c.extensions.includes(ext))
  if (!converter) throw new Error(`unsupported type ${ext || '(no extension)'}`)
  const relPath = `${input.relPath}#${name}`
  return converter.convert({ absPath: input.absPath, relPath, bytes: new Uint8Array(bytes) })
}

function withoutFile(message: string, input: ConvertInput): string {
  return message.replace(/^[^:]*#[^:]*: /, '').replace(`${input.relPath}: `, '')
}

function need(input: ConvertInput): Buffer {
  if (!input.bytes)
    throw new ParseError('no bytes given', input.relPath, { hint: 'pass the file, not a folder' })
  return Buffer.from(input.bytes)
}

/** Split an mbox into raw messages at its `From ` separator lines (unescaping `>From `). */
export function splitMbox(text: string): string[] {
  const messages: string[] = []
  let current: string[] | null = null
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('From ')) {
      if (current) messages.push(current.join('\n'))
      current = []
    } else if (current) current.push(line.replace(/^>(>*From )/, '$1'))
  }
  if (current) messages.push(current.join('\n'))
  return messages.filter((m) => m.trim() !== '')
}

/** The `.eml` converter: the message is the container itself (part ''). */
export const emlConverter: SourceConverter = {
  name: 'eml',
  extensions: ['.eml'],
  convert: (input) => convertMessage(need(input), input, ''),
}

/** Converters for attachments (a forwarded .eml included; imported directly: the registry imports this). */
const ATTACHMENT_CONVERTERS: readonly SourceConverter[] = [pdfConverter, docxConverter, emlConverter]

/** The `.mbox` converter: one part per message, named by its Message-ID. */
export const mboxConverter: SourceConverter = {
  name: 'mbox',
  extensions: ['.mbox'],
  async convert(input) {
    const messages = splitMbox(need(input).toString('utf8'))
    if (messages.length === 0) {
      throw new ParseError('no messages found (no "From " separator lines)', input.relPath, {
        hint: 'export the mailbox in mbox format',
      })
    }
    const docs: ConvertedDocument[] = []
    const used = new Set<string>()
    for (const [i, raw] of messages.entries()) {
      const id = /^message-id:\s*<?([^>\r\n]+)>?/im.exec(raw.split(/\r?\n\r?\n/)[0] ?? '')?.[1]
      let part = (id ?? `message-${i + 1}`).replace(/[#\s/]+/g, '_')
      if (used.has(part)) part = `${part}-${i + 1}`
      used.add(part)
      docs.push(...(await convertMessage(Buffer.from(raw), input, part)))
    }
    return docs
  },
}
