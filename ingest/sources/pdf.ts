/**
 * PDF → markdown from the text layer (pdf.js through `unpdf`): lines are rebuilt from positioned
 * text items, lines set clearly larger than the body text become headings, and the first paragraph
 * of every page starts with a `[page N]` marker so a chunk can say where it came from (inline, so
 * the marker never becomes a chunk of its own). Pages without any text (scans) are reported as a
 * warning with their count; encrypted files are refused.
 */
import { ParseError } from '../../lib/errors.ts'
import { isoDate, withFrontmatter } from './markdown.ts'
import type { ConvertedDocument, ConvertInput, SourceConverter } from './types.ts'

interface Item {
  str: string
  y: number
  fontSize: number
  hasEOL: boolean
}

interface Line {
  text: string
  size: number
  /** Baseline, PDF coordinates (bottom-up). */
  y: number
}

/** Group a page's text items into lines: a new line at an end-of-line mark or a change of baseline. */
function linesOf(items: Item[]): Line[] {
  const lines: Line[] = []
  let text = ''
  let size = 0
  let y: number | null = null
  const flush = () => {
    const t = text.replace(/\s+/g, ' ').trim()
    if (t !== '') lines.push({ text: t, size, y: y ?? 0 })
    text = ''
    size = 0
  }
  for (const it of items) {
    if (y !== null && Math.abs(it.y - y) > Math.max(2, it.fontSize * 0.5) && text !== '') flush()
    if (it.str !== '') {
      text += it.str
      size = Math.max(size, it.fontSize)
      y = it.y
    }
    if (it.hasEOL) flush()
  }
  flush()
  return lines
}

/** The font size most characters are set in: the body text. */
function bodySize(lines: Line[]): number {
  const weight = new Map<number, number>()
  for (const l of lines) {
    const s = Math.round(l.size * 2) / 2
    weight.set(s, (weight.get(s) ?? 0) + l.text.length)
  }
  let best = 0
  let most = -1
  for (const [s, w] of weight) if (w > most) [best, most] = [s, w]
  return best
}

/** Heading level per font size: the largest size clearly above the body is `#`, then `##`, `###`. */
function headingLevels(lines: Line[], body: number): Map<number, number> {
  const sizes = [...new Set(lines.filter((l) => isHeadingSize(l, body)).map((l) => round(l.size)))]
  sizes.sort((a, b) => b - a)
  return new Map(sizes.map((s, i) => [s, Math.min(3, i + 1)]))
}

function isHeadingSize(l: Line, body: number): boolean {
  return body > 0 && l.size >= body * 1.15 && l.text.length <= 120
}

function round(n: number): number {
  return Math.round(n * 2) / 2
}

/** Markdown-special characters at a line start would turn text into structure; escape them. */
function escapeLine(t: string): string {
  return t.replace(/^([#>*+-]|\d+\.)(\s)/, '\\$1$2')
}

function pdfError(message: string, input: ConvertInput, hint: string, cause?: unknown): ParseError {
  return new ParseError(message, input.relPath, { hint, ...(cause === undefined ? {} : { cause }) })
}

async function convert(input: ConvertInput): Promise<ConvertedDocument[]> {
  if (!input.bytes) throw pdfError('no bytes given', input, 'pass the file, not a folder')
  const { getDocumentProxy, extractTextItems, getMeta } = await import('unpdf')
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>
  try {
    doc = await getDocumentProxy(new Uint8Array(input.bytes), { isEvalSupported: false, verbosity: 0 })
  } catch (cause) {
    const name = (cause as Error)?.name
    if (name === 'PasswordException') {
      throw pdfError(
        'encrypted PDF (password-protected)',
        input,
        'remove the password and ingest it again',
        cause,
      )
    }
    throw pdfError(
      `not a readable PDF: ${(cause as Error)?.message ?? String(cause)}`,
      input,
      'the file may be truncated or not a PDF; open it in a viewer or re-export it',
      cause,
    )
  }
  try {
    const { items, totalPages } = await extractTextItems(doc)
    const pages = items.map((page) => linesOf(page as Item[]))
    const all = pages.flat()
    const body = bodySize(all)
    const levels = headingLevels(all, body)
    const out: string[] = []
    let empty = 0
    pages.forEach((lines, i) => {
      let marker = `[page ${i + 1}] `
      if (lines.length === 0) empty++
      let para: string[] = []
      const end = () => {
        if (para.length === 0) return
        out.push(marker + para.join(' '))
        marker = ''
        para = []
      }
      let prev: Line | null = null
      for (const l of lines) {
        // A gap well over the line height ends a paragraph.
        if (prev && prev.y - l.y > Math.max(prev.size, l.size) * 1.6) end()
        prev = l
        const level = isHeadingSize(l, body) ? levels.get(round(l.size)) : undefined
        if (level) {
          end()
          out.push(`${'#'.repeat(level)} ${l.text}`)
        } else para.push(escapeLine(l.text))
      }
      end()
    })
    const warnings: string[] = []
    if (empty === totalPages && totalPages > 0) {
      warnings.push(
        `scanned PDF: none of its ${totalPages} pages has a text layer (run OCR on it to index it)`,
      )
    } else if (empty > 0) {
      warnings.push(`scanned PDF pages: ${empty} of ${totalPages} pages have no text layer`)
    }
    const info = await getMeta(doc, { parseDates: true })
      .then((m) => m.info as Record<string, unknown>)
      .catch(() => ({}) as Record<string, unknown>)
    const markdown = withFrontmatter(
      {
        title: typeof info.Title === 'string' ? info.Title.trim() : undefined,
        author: typeof info.Author === 'string' ? info.Author.trim() : undefined,
        date: isoDate(info.CreationDate as Date | undefined),
      },
      `${out.join('\n\n')}\n`,
    )
    return [{ part: '', markdown, warnings }]
  } finally {
    await doc.destroy().catch(() => undefined)
  }
}

/** The PDF converter (`.pdf`). */
export const pdfConverter: SourceConverter = { name: 'pdf', extensions: ['.pdf'], convert }
