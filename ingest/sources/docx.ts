/**
 * DOCX → markdown: `mammoth` maps Word styles to semantic HTML (Heading 1–6, lists, tables), which
 * the HTML path turns into markdown. Images are dropped (only text is indexed). Mammoth's messages
 * about styles it did not recognise are not worth a warning; a file that is not a DOCX is refused.
 * The core properties (title, creator, created date) become frontmatter when the file has them.
 */
import { unzipSync } from 'fflate'
import { ParseError } from '../../lib/errors.ts'
import { htmlToMarkdown, isoDate, withFrontmatter } from './markdown.ts'
import type { ConvertedDocument, ConvertInput, SourceConverter } from './types.ts'

async function convert(input: ConvertInput): Promise<ConvertedDocument[]> {
  if (!input.bytes)
    throw new ParseError('no bytes given', input.relPath, { hint: 'pass the file, not a folder' })
  const { default: mammoth } = await import('mammoth')
  let html: string
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(input.bytes) },
      // An image is no text to index; dropping it keeps base64 data out of the store.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    )
    html = result.value
  } catch (cause) {
    throw new ParseError(
      `not a readable DOCX: ${(cause as Error)?.message ?? String(cause)}`,
      input.relPath,
      {
        cause,
        hint: 'the file may be truncated, encrypted or an old .doc; open it in Word and save it as .docx',
      },
    )
  }
  const body = htmlToMarkdown(headerRows(html.replace(/<img[^>]*>/g, '')))
  const warnings = body.trim() === '' ? ['DOCX without any text'] : []
  return [{ part: '', markdown: withFrontmatter(coreProperties(input.bytes), body), warnings }]
}

/** Mammoth writes every table row with `<td>`: make the first row the header so markdown keeps it. */
function headerRows(html: string): string {
  return html.replace(/<table>\s*<tr>([\s\S]*?)<\/tr>/g, (_m, row: string) => {
    const cells = row.replace(/<td(\s|>)/g, '<th$1').replace(/<\/td>/g, '</th>')
    return `<table><thead><tr>${cells}</tr></thead>`
  })
}

/** An XML text node's value with its entities decoded. */
function xmlText(raw: string): string {
  return raw
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => XML_ENTITIES[e] ?? '')
    .trim()
}
// Writer libraries fill dc:creator with these when nobody is named; they are no author.
const PLACEHOLDER_AUTHORS = new Set(['un-named', 'unknown', 'author'])
const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }

/**
 * Title, author and date from `docProps/core.xml` (Dublin Core: dc:title, dc:creator,
 * dcterms:created, else dcterms:modified); empty when the part is absent or unreadable, so the
 * first heading stays the title.
 */
export function coreProperties(bytes: Uint8Array): { title?: string; author?: string; date?: string } {
  let xml: string
  try {
    // A few KB in any real file; a larger one is not inflated.
    const want = (f: { name: string; originalSize: number }) =>
      f.name === 'docProps/core.xml' && f.originalSize <= 1024 * 1024
    const entry = unzipSync(bytes, { filter: want })['docProps/core.xml']
    if (!entry) return {}
    xml = new TextDecoder('utf-8').decode(entry)
  } catch {
    return {}
  }
  const tag = (name: string) => {
    const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml)
    return m ? xmlText(m[1] ?? '') || undefined : undefined
  }
  const when = tag('dcterms:created') ?? tag('dcterms:modified')
  const date = when ? isoDate(new Date(when)) : undefined
  const out: { title?: string; author?: string; date?: string } = {}
  const title = tag('dc:title')
  const author = tag('dc:creator')
  if (title) out.title = title
  if (author && !PLACEHOLDER_AUTHORS.has(author.toLowerCase())) out.author = author
  if (date) out.date = date
  return out
}

/** The Word converter (`.docx`). */
export const docxConverter: SourceConverter = { name: 'docx', extensions: ['.docx'], convert }
