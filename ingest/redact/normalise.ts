/**
 * A normalised view of raw text for matching: HTML entities decoded, markdown escapes and emphasis
 * glued into tokens removed, HTML tags and comment markers replaced by separators, odd Unicode
 * spaces unified and (optionally) line-wrapped tokens rejoined. Every view character keeps the raw
 * span it came from, so a match in the view replaces the covering raw span, markup included.
 */
import { decodeHTML } from 'entities'
import { htmlTagNames } from 'html-tag-names'

/** The view text plus, per view character, the raw `[start, end)` it stands for. */
export interface NormalisedView {
  text: string
  start: Int32Array
  end: Int32Array
}
/** Switches for {@link normalise}. */
export interface NormaliseOptions {
  /** Join a long token at a line end with the token that continues it on the next line. */
  joinWrapped?: boolean
}

const HTML_TAGS = new Set(htmlTagNames)
// Cells become ` | ` and rows lines, so HTML and markdown tables look alike to the table rule.
const CELL_TAGS = new Set(['td', 'th'])
const TABLE_TAGS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'caption', 'colgroup', 'col'])
const BLOCK_TAGS = new Set(
  (
    'address article aside blockquote body br dd details div dl dt fieldset figcaption figure footer ' +
    'form h1 h2 h3 h4 h5 h6 head header hr html li main meta nav ol p pre section summary title ul'
  ).split(' '),
)
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])([^<>]*)>/y
const ENTITY = /&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y
const WORD = /[A-Za-z0-9_]/
const TOKEN = /[A-Za-z0-9_\-+/=.]/
const ASCII_PUNCT = /[!-/:-@[-`{-~]/
// Characters that hide inside tokens (zero-width, soft hyphen, BOM) and spaces that are not ' '.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/
const ODD_SPACE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/
const SPECIAL_CHARS = '<&\\\\*~`_\\-\u00A0\u00AD\u1680\u2000-\u200D\u202F\u205F\u2060\u3000\uFEFF'
const SPECIAL = new RegExp(`[${SPECIAL_CHARS}]`, 'g')
const SPECIAL_JOIN = new RegExp(`[${SPECIAL_CHARS}\\r\\n]`, 'g')

/** Builds the view; see the module comment. */
export function normalise(raw: string, options: NormaliseOptions = {}): NormalisedView {
  const pieces: string[] = []
  // A view is at most one character longer than its raw text per tag/entity, so this bound holds.
  const start = new Int32Array(raw.length + 1)
  const end = new Int32Array(raw.length + 1)
  let length = 0
  let lastChar = ''
  let run = 0 // token characters at the end of the view, for rejoining wrapped tokens
  const emit = (chars: string, from: number, to: number): void => {
    // Per UTF-16 unit, so indices line up with the view string.
    for (let k = 0; k < chars.length; k++) {
      start[length] = from
      end[length] = to
      length++
      run = TOKEN.test(chars[k]!) ? run + 1 : 0
    }
    pieces.push(chars)
    if (chars !== '') lastChar = chars[chars.length - 1]!
  }
  const special = options.joinWrapped ? SPECIAL_JOIN : SPECIAL
  let tagClose = -1
  let i = 0
  while (i < raw.length) {
    special.lastIndex = i
    const next = special.exec(raw)
    const stop = Math.min(next ? next.index : raw.length, tagClose >= i ? tagClose : raw.length)
    if (stop > i) {
      // A plain run is copied whole: one raw character per view character.
      for (let k = i; k < stop; k++) {
        start[length] = k
        end[length] = k + 1
        length++
      }
      pieces.push(raw.slice(i, stop))
      lastChar = raw[stop - 1]!
      let r = 0
      for (let k = stop - 1; k >= i && TOKEN.test(raw[k]!); k--) r++
      run = r === stop - i ? run + r : r
      i = stop
      continue
    }
    i = step(raw, i, tagClose, emit, lastChar, run, options, (close) => {
      tagClose = close
    })
  }
  return { text: pieces.join(''), start: start.subarray(0, length), end: end.subarray(0, length) }
}

type Emit = (chars: string, from: number, to: number) => void

/** Handles the special character at `i`; returns the raw index after what it consumed. */
function step(
  raw: string,
  i: number,
  tagClose: number,
  emit: Emit,
  lastChar: string,
  run: number,
  options: NormaliseOptions,
  setTagClose: (close: number) => void,
): number {
  const ch = raw[i]!
  if (i === tagClose) {
    emit(' ', i, i + 1)
    return i + 1
  }
  if (ch === '<') {
    if (raw.startsWith('<!--', i)) {
      emit(' ', i, i + 4)
      return i + 4
    }
    TAG.lastIndex = i
    const tag = TAG.exec(raw)
    const name = tag?.[2]?.toLowerCase()
    if (tag && name && HTML_TAGS.has(name)) return htmlTag(raw, i, tag, name, emit, setTagClose)
  }
  if (ch === '-' && raw.startsWith('-->', i)) {
    emit(' ', i, i + 3)
    return i + 3
  }
  if (ch === '&') {
    ENTITY.lastIndex = i
    const entity = ENTITY.exec(raw)
    const decoded = entity ? decodeHTML(entity[0]) : ''
    if (entity && decoded !== entity[0]) {
      emit(ODD_SPACE.test(decoded) ? ' ' : decoded, i, i + entity[0].length)
      return i + entity[0].length
    }
  }
  if (ch === '\\' && ASCII_PUNCT.test(raw[i + 1] ?? '')) {
    emit(raw[i + 1]!, i, i + 2)
    return i + 2
  }
  if (ch === '*' || ch === '~' || ch === '`' || ch === '_') {
    let j = i
    while (raw[j] === ch) j++
    // Emphasis glued inside a token (`AKIA**QCME**…`) is markup; a single `_` is part of the token.
    if ((ch !== '_' || j - i >= 2) && WORD.test(lastChar) && WORD.test(raw[j] ?? '')) return j
    emit(raw.slice(i, j), i, j)
    return j
  }
  if (INVISIBLE.test(ch)) return i + 1
  if (ODD_SPACE.test(ch)) {
    emit(' ', i, i + 1)
    return i + 1
  }
  if (options.joinWrapped && (ch === '\n' || (ch === '\r' && raw[i + 1] === '\n'))) {
    const next = run >= 16 ? wrappedContinuation(raw, ch === '\r' ? i + 1 : i) : 0
    if (next > 0) return next
  }
  emit(ch, i, i + 1)
  return i + 1
}

/** Writes the separator an HTML tag stands for; attributes stay in the view (they are stored too). */
function htmlTag(
  raw: string,
  i: number,
  tag: RegExpExecArray,
  name: string,
  emit: Emit,
  setTagClose: (close: number) => void,
): number {
  const opening = !tag[1]
  const sep =
    CELL_TAGS.has(name) && opening ? ' | ' : BLOCK_TAGS.has(name) || (name === 'tr' && opening) ? '\n' : ''
  const attrs = tag[3]!.replace(/\/\s*$/, '').trim()
  const tagEnd = i + tag[0].length
  const table = CELL_TAGS.has(name) || TABLE_TAGS.has(name)
  if (attrs === '' || table) {
    let to = tagEnd
    // Indentation between table tags would split a row over several lines.
    if (table) while (to < raw.length && /\s/.test(raw[to]!)) to++
    emit(sep, i, to)
    return to
  }
  const attrStart = i + 1 + tag[1]!.length + tag[2]!.length
  emit(`${sep} `, i, attrStart)
  setTagClose(tagEnd - 1)
  return attrStart
}

/**
 * When the newline at `at` splits a token (the caller saw 16 token characters before it, and a next line
 * that starts with a token which ends the line or holds a digit or symbol), the raw index where the
 * continuation starts; else 0. Prose words at a line end are never joined.
 */
function wrappedContinuation(raw: string, at: number): number {
  let j = at + 1
  while (raw[j] === ' ' || raw[j] === '\t' || raw[j] === '>') j++
  let k = j
  while (k < raw.length && TOKEN.test(raw[k]!)) k++
  if (k - j < 4) return 0
  const token = raw.slice(j, k)
  const endsLine = k >= raw.length || raw[k] === '\n' || raw[k] === '\r'
  return endsLine || /[\d_\-+/=.]/.test(token) ? j : 0
}
