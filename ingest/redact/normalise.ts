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
  start: number[]
  end: number[]
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

/** Builds the view; see the module comment. */
export function normalise(raw: string, options: NormaliseOptions = {}): NormalisedView {
  const out: string[] = []
  const start: number[] = []
  const end: number[] = []
  const emit = (chars: string, from: number, to: number): void => {
    for (const ch of chars) {
      out.push(ch)
      start.push(from)
      end.push(to)
    }
  }
  const last = (): string => out[out.length - 1] ?? ''
  let tagClose = -1
  let i = 0
  while (i < raw.length) {
    const ch = raw[i]!
    if (i === tagClose) {
      emit(' ', i, i + 1)
      i++
      continue
    }
    if (ch === '<') {
      if (raw.startsWith('<!--', i)) {
        emit(' ', i, i + 4)
        i += 4
        continue
      }
      TAG.lastIndex = i
      const tag = TAG.exec(raw)
      const name = tag?.[2]?.toLowerCase()
      if (tag && name && HTML_TAGS.has(name)) {
        const opening = !tag[1]
        const sep =
          CELL_TAGS.has(name) && opening
            ? ' | '
            : BLOCK_TAGS.has(name) || (name === 'tr' && opening)
              ? '\n'
              : ''
        const attrs = tag[3]!.replace(/\/\s*$/, '').trim()
        const tagEnd = i + tag[0].length
        if (attrs === '' || CELL_TAGS.has(name) || TABLE_TAGS.has(name)) {
          let to = tagEnd
          // Indentation between table tags would split a row over several lines.
          if (CELL_TAGS.has(name) || TABLE_TAGS.has(name)) while (to < raw.length && /\s/.test(raw[to]!)) to++
          emit(sep, i, to)
          i = to
        } else {
          // Attribute values (href, content, alt) are stored too, so they stay in the view.
          const attrStart = i + 1 + tag[1]!.length + tag[2]!.length
          emit(`${sep} `, i, attrStart)
          tagClose = tagEnd - 1
          i = attrStart
        }
        continue
      }
    }
    if (ch === '-' && raw.startsWith('-->', i)) {
      emit(' ', i, i + 3)
      i += 3
      continue
    }
    if (ch === '&') {
      ENTITY.lastIndex = i
      const entity = ENTITY.exec(raw)
      if (entity) {
        const decoded = decodeHTML(entity[0])
        if (decoded !== entity[0]) {
          emit(ODD_SPACE.test(decoded) ? ' ' : decoded, i, i + entity[0].length)
          i += entity[0].length
          continue
        }
      }
    }
    if (ch === '\\' && ASCII_PUNCT.test(raw[i + 1] ?? '')) {
      emit(raw[i + 1]!, i, i + 2)
      i += 2
      continue
    }
    if (ch === '*' || ch === '~' || ch === '`' || ch === '_') {
      let j = i
      while (raw[j] === ch) j++
      // Emphasis glued inside a token (`AKIA**QCME**…`) is markup; a single `_` is part of the token.
      if ((ch !== '_' || j - i >= 2) && WORD.test(last()) && WORD.test(raw[j] ?? '')) {
        i = j
        continue
      }
      emit(raw.slice(i, j), i, j)
      i = j
      continue
    }
    if (INVISIBLE.test(ch)) {
      i++
      continue
    }
    if (ODD_SPACE.test(ch)) {
      emit(' ', i, i + 1)
      i++
      continue
    }
    if (options.joinWrapped && (ch === '\n' || (ch === '\r' && raw[i + 1] === '\n'))) {
      const next = wrappedContinuation(raw, ch === '\r' ? i + 1 : i, out)
      if (next > 0) {
        i = next
        continue
      }
    }
    emit(ch, i, i + 1)
    i++
  }
  return { text: out.join(''), start, end }
}

/**
 * When the newline at `at` splits a token (at least 16 token characters before it, and a next line
 * that starts with a token which ends the line or holds a digit or symbol), the raw index where the
 * continuation starts; else 0. Prose words at a line end are never joined.
 */
function wrappedContinuation(raw: string, at: number, out: string[]): number {
  let run = 0
  for (let k = out.length - 1; k >= 0 && run < 16 && TOKEN.test(out[k]!); k--) run++
  if (run < 16) return 0
  let j = at + 1
  while (raw[j] === ' ' || raw[j] === '\t' || raw[j] === '>') j++
  let k = j
  while (k < raw.length && TOKEN.test(raw[k]!)) k++
  if (k - j < 4) return 0
  const token = raw.slice(j, k)
  const endsLine = k >= raw.length || raw[k] === '\n' || raw[k] === '\r'
  return endsLine || /[\d_\-+/=.]/.test(token) ? j : 0
}
