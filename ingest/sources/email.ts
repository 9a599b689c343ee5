/**
 * E-mail → markdown with `mailparser`: one document per message (subject → title, `Date:` → date,
 * From → author, the text body, or the HTML body as markdown), and each attachment of a type
 * fieldkb reads (markdown, text, HTML, PDF, DOCX, e-mail) as its own document whose `parent` is
 * the message. `.mbox` files hold many messages, one part each, named by Message-ID.
 */
import { ParseError } from '../../lib/errors.ts'
import { attachmentDocuments, BINARY_ATTACHMENT_CONVERTERS } from './attachments.ts'
import { htmlToMarkdown, isoDate, withFrontmatter } from './markdown.ts'
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
    let base = `${self ? `${self}/` : ''}attachment/${name.replace(/[#\s]+/g, '_')}`
    for (let n = 2; used.has(base); n++) base = `${base}-${n}`
    used.add(base)
    const file = { name, part: base, parent: self, bytes: new Uint8Array(a.content) }
    // The attachment inherits the mail's date.
    docs.push(...(await attachmentDocuments(file, input, warnings, { date }, ATTACHMENT_CONVERTERS)))
  }
  const markdown = withFrontmatter(
    { title: mail.subject?.trim(), date, author: from?.name?.trim() || from?.address },
    `${text.trim()}\n`,
  )
  return [{ part: self, markdown, warnings }, ...docs]
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
const ATTACHMENT_CONVERTERS: readonly SourceConverter[] = [...BINARY_ATTACHMENT_CONVERTERS, emlConverter]

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
