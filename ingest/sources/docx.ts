/**
 * DOCX → markdown: `mammoth` maps Word styles to semantic HTML (Heading 1–6, lists, tables), which
 * the HTML path turns into markdown. Images are dropped (only text is indexed). Mammoth's messages
 * about styles it did not recognise are not worth a warning; a file that is not a DOCX is refused.
 */
import { ParseError } from '../../lib/errors.ts'
import { htmlToMarkdown } from './markdown.ts'
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
  const markdown = htmlToMarkdown(headerRows(html.replace(/<img[^>]*>/g, '')))
  const warnings = markdown.trim() === '' ? ['DOCX without any text'] : []
  return [{ part: '', markdown, warnings }]
}

/** Mammoth writes every table row with `<td>`: make the first row the header so markdown keeps it. */
function headerRows(html: string): string {
  return html.replace(/<table>\s*<tr>([\s\S]*?)<\/tr>/g, (_m, row: string) => {
    const cells = row.replace(/<td(\s|>)/g, '<th$1').replace(/<\/td>/g, '</th>')
    return `<table><thead><tr>${cells}</tr></thead>`
  })
}

/** The Word converter (`.docx`). */
export const docxConverter: SourceConverter = { name: 'docx', extensions: ['.docx'], convert }
