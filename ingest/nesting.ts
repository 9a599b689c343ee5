/**
 * Cheap, linear pre-parse measurement of how deeply a source nests. The markdown and HTML parsers
 * (and the tree walkers after them) recurse per level and some steps are quadratic in the number of
 * open constructs, so a file nested thousands of levels deep is refused before it is parsed.
 * The measures are deliberately rough upper bounds; they stop counting once past the limit.
 */
import { ParseError } from '../lib/errors.ts'
import type { SourceFormat } from '../schemas/document.ts'

/** What nests too deeply in a refused file. */
export interface NestingExcess {
  what: string
  limit: number
}

// A container marker at the start of a line: block quote `>`, or a bullet/ordered list marker.
const CONTAINER = /^[ \t]{0,3}(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]?/

/** Block quotes and lists: markers at the start of each line plus list nesting by indentation. */
function markdownContainers(text: string, limit: number): boolean {
  const indents: number[] = []
  for (const line of text.split('\n')) {
    const indent = indentOf(line)
    // Any indentation may open a nested list item, so the first marker may sit deep in the line.
    let rest = line.trimStart()
    let markers = 0
    let firstListIndent = -1
    for (let m = CONTAINER.exec(rest); m && markers <= limit; m = CONTAINER.exec(rest)) {
      if (!m[0].trimStart().startsWith('>') && firstListIndent < 0)
        firstListIndent = indent + (line.trimStart().length - rest.length)
      markers++
      rest = rest.slice(m[0].length)
    }
    if (firstListIndent >= 0) {
      while (indents.length > 0 && indents.at(-1)! >= firstListIndent) indents.pop()
      indents.push(firstListIndent)
    } else if (line.trim() !== '' && indent === 0 && markers === 0) {
      indents.length = 0
    }
    const depth = markers + Math.max(0, indents.length - (firstListIndent >= 0 ? 1 : 0))
    if (depth > limit) return true
  }
  return false
}

function indentOf(s: string): number {
  let n = 0
  for (const ch of s) {
    if (ch === ' ') n++
    else if (ch === '\t') n += 4 - (n % 4)
    else break
  }
  return n
}

/** Unclosed `[` within one paragraph (links cannot span a blank line, so the count resets there). */
function markdownBrackets(text: string, limit: number): boolean {
  let depth = 0
  let blank = true
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (ch === 10) {
      if (blank) depth = 0
      blank = true
      continue
    }
    if (ch !== 32 && ch !== 9) blank = false
    if (ch === 92)
      i++ // a backslash escapes the next character
    else if (ch === 91 && ++depth > limit) return true
    else if (ch === 93 && depth > 0) depth--
  }
  return false
}

const VOID = new Set(
  'area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen'.split(
    ' ',
  ),
)
// Closed implicitly by a sibling, so they never nest in the tree the parser builds.
const IMPLIED_END = new Set(
  'p li dt dd tr td th option optgroup thead tbody tfoot colgroup caption rb rt rtc rp'.split(' '),
)
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'iframe'])

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 58
}

/** HTML element depth from a tag scan (comments and raw-text elements skipped), linear time. */
function htmlDepth(html: string, limit: number): boolean {
  const open: string[] = []
  let i = html.indexOf('<')
  let nextGt = -1
  while (i >= 0 && i < html.length) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4)
      if (end < 0) return false
      i = html.indexOf('<', end + 3)
      continue
    }
    const closing = html.charCodeAt(i + 1) === 47
    let j = i + (closing ? 2 : 1)
    while (j < html.length && isNameChar(html.charCodeAt(j))) j++
    const name = html.slice(i + (closing ? 2 : 1), j).toLowerCase()
    // One forward search for `>` serves every `<` before it, keeping `<a<a<a…` linear.
    if (nextGt < j) nextGt = html.indexOf('>', j)
    if (nextGt < 0) return false
    if (name !== '' && !closing && !VOID.has(name) && !IMPLIED_END.has(name)) {
      const selfClosed = html.charCodeAt(nextGt - 1) === 47
      const foreign = open.includes('svg') || open.includes('math')
      if (!(selfClosed && foreign)) open.push(name)
      if (open.length > limit) return true
      if (RAW_TEXT.has(name)) {
        const end = html.toLowerCase().indexOf(`</${name}`, nextGt)
        open.pop()
        if (end < 0) return false
        i = end
        continue
      }
    } else if (closing && name !== '') {
      const at = open.lastIndexOf(name)
      if (at >= 0) open.length = at
    }
    i = html.indexOf('<', i + 1)
  }
  return false
}

/**
 * Whether `text` nests deeper than `limit` levels, and in what: block quotes or lists, brackets, or
 * HTML elements. Runs in linear time on any input.
 * @example measureNesting('>'.repeat(500) + ' x', 'markdown', 128) // → { what: 'block quotes or lists', limit: 128 }
 */
export function measureNesting(text: string, format: SourceFormat, limit: number): NestingExcess | null {
  if (format === 'html') return htmlDepth(text, limit) ? { what: 'HTML elements', limit } : null
  if (format !== 'markdown') return null
  if (markdownContainers(text, limit)) return { what: 'block quotes or lists', limit }
  if (markdownBrackets(text, limit)) return { what: 'square brackets', limit }
  return null
}

/**
 * Refuse a source nested deeper than `limit` levels before it reaches a parser.
 * @throws {ParseError} naming the file, what nests, the limit and what to do
 */
export function assertNesting(text: string, file: string, format: SourceFormat, limit: number): void {
  const excess = measureNesting(text, format, limit)
  if (!excess) return
  throw new ParseError(`${excess.what} nest more than ${limit} levels deep; the file was not parsed`, file, {
    hint: 'flatten the nesting or split the file; raise FIELDKB_PARSE_MAX_DEPTH only if it is genuine',
  })
}
