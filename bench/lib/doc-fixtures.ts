/**
 * Real-format documents made by real writer libraries (pdf-lib, docx, nodemailer), for the source
 * converter tests and `npm run bench:sources`. Nothing here is a hand-built byte string except the
 * deliberately broken and the encrypted PDF (pdf-lib cannot encrypt).
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import nodemailer from 'nodemailer'
import { PDFDocument, StandardFonts } from 'pdf-lib'

/** A page of a generated document: an optional heading and body paragraphs. */
export interface FixturePage {
  heading?: string
  paragraphs: string[]
}

/** A text PDF: headings set at 20 pt, body at 11 pt, one page per entry (empty pages have no text). */
export async function makePdf(
  pages: FixturePage[],
  meta: { title?: string; author?: string } = {},
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  if (meta.title) pdf.setTitle(meta.title)
  if (meta.author) pdf.setAuthor(meta.author)
  pdf.setCreationDate(new Date('2024-03-05T10:00:00Z'))
  const body = await pdf.embedFont(StandardFonts.Helvetica)
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold)
  for (const p of pages) {
    const page = pdf.addPage([595, 842])
    let y = 780
    if (p.heading) {
      page.drawText(p.heading, { x: 50, y, size: 20, font: bold })
      y -= 36
    }
    for (const para of p.paragraphs) {
      for (const line of wrap(para, 90)) {
        page.drawText(line, { x: 50, y, size: 11, font: body })
        y -= 15
      }
      y -= 8
    }
  }
  return pdf.save({ useObjectStreams: false })
}

/** A PDF whose trailer declares standard encryption with a user password: viewers ask for it. */
export async function makeEncryptedPdf(): Promise<Uint8Array> {
  const plain = Buffer.from(await makePdf([{ heading: 'Secret', paragraphs: ['Hidden text.'] }])).toString(
    'latin1',
  )
  const hex = (n: number, c: string) => c.repeat(n * 2)
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /O <${hex(32, 'a')}> /U <${hex(32, 'b')}> /P -4 >> /ID [<${hex(16, 'c')}> <${hex(16, 'c')}>]`
  return new Uint8Array(Buffer.from(plain.replace(/trailer\s*<</, `trailer\n<< ${encrypt}`), 'latin1'))
}

/**
 * A DOCX with Heading 1/2 paragraphs, a bulleted list and a table, made with the `docx` package;
 * `meta` sets its core properties (`created` is written into docProps/core.xml, which `docx` dates now).
 */
export async function makeDocx(
  pages: FixturePage[],
  extra: {
    bullets?: string[]
    table?: string[][]
    meta?: { title?: string; creator?: string; created?: Date }
  } = {},
): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = []
  pages.forEach((p, i) => {
    if (p.heading)
      children.push(
        new Paragraph({
          text: p.heading,
          heading: i === 0 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
          pageBreakBefore: i > 0,
        }),
      )
    for (const para of p.paragraphs)
      children.push(new Paragraph({ children: [new TextRun(para)], alignment: AlignmentType.LEFT }))
  })
  for (const b of extra.bullets ?? []) children.push(new Paragraph({ text: b, bullet: { level: 0 } }))
  if (extra.table) {
    children.push(
      new Table({
        rows: extra.table.map(
          (cells) =>
            new TableRow({ children: cells.map((c) => new TableCell({ children: [new Paragraph(c)] })) }),
        ),
      }),
    )
  }
  const { created, ...props } = extra.meta ?? {}
  const doc = new Document({ ...props, sections: [{ children }] })
  const bytes = new Uint8Array(await Packer.toBuffer(doc))
  if (!created) return bytes
  const files = unzipSync(bytes)
  const core = strFromU8(files['docProps/core.xml'] ?? new Uint8Array())
  files['docProps/core.xml'] = strToU8(
    core.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${created.toISOString()}`),
  )
  return zipSync(files)
}

/** An RFC 822 message written by nodemailer, with the given attachments. */
export async function makeEml(mail: {
  from: string
  subject: string
  date: Date
  text: string
  attachments?: { filename: string; content: Uint8Array | string }[]
}): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  const info = await transport.sendMail({
    from: mail.from,
    to: 'fde-team@example.com',
    subject: mail.subject,
    date: mail.date,
    text: mail.text,
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: typeof a.content === 'string' ? a.content : Buffer.from(a.content),
    })),
  })
  return info.message as Buffer
}

/** `n` pages of plausible field-report prose, a heading every page. */
export function reportPages(n: number): FixturePage[] {
  return Array.from({ length: n }, (_, i) => ({
    heading: `Section ${i + 1}: rollout at site ${i + 1}`,
    paragraphs: Array.from(
      { length: 6 },
      (_, j) =>
        `On day ${i + 1} the deployment of the ingestion gateway at site ${i + 1} stalled (step ${j + 1}); ` +
        'the customer saw queue lag grow past the alert threshold until the batch size was lowered and the ' +
        'connection pool was raised, after which throughput recovered within the hour.',
    ),
  }))
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines
}
