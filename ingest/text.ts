/**
 * Plain text ⇄ mdast: parse `.txt` notes into a tree, and render tree blocks back into readable
 * markdown-ish text (`- ` list items, pipe tables, fenced code) for chunks.
 */
import type { Code, Heading, List, Nodes, Paragraph, Root, RootContent, Table } from 'mdast'

/** A plain-text note as an mdast tree. */
export interface TextDocument {
  tree: Root
  /** The first non-empty line when shorter than 120 characters, else `null`. */
  title: string | null
}

const BULLET = /^\s*(?:[-*•]|\d+[.)])\s+/

/** A short line with letters, all of them capitals: `ROOT CAUSE`, `NEXT STEPS:`. */
function isShout(line: string): boolean {
  return line.length <= 80 && /\p{Lu}.*\p{Lu}/u.test(line) && !/\p{Ll}/u.test(line) && !/[.!?]$/.test(line)
}

function heading(depth: 1 | 2, text: string): Heading {
  return { type: 'heading', depth, children: [{ type: 'text', value: text.trim().replace(/:$/, '') }] }
}

function paragraph(text: string): Paragraph {
  return { type: 'paragraph', children: [{ type: 'text', value: text }] }
}

/** Turn one blank-line-separated block into a heading, list or paragraph. */
function textBlock(lines: string[], first: boolean): RootContent {
  const [line, underline] = lines
  if (lines.length === 1 && line !== undefined && ((first && line.length < 120) || isShout(line))) {
    return heading(first ? 1 : 2, line)
  }
  if (lines.length === 2 && line !== undefined && underline !== undefined && /^(=+|-+)$/.test(underline)) {
    return heading(underline.startsWith('=') ? 1 : 2, line)
  }
  if (lines.every((l) => BULLET.test(l))) {
    const list: List = { type: 'list', ordered: /^\s*\d/.test(line ?? ''), spread: false, children: [] }
    for (const l of lines) {
      list.children.push({ type: 'listItem', spread: false, children: [paragraph(l.replace(BULLET, ''))] })
    }
    return list
  }
  return paragraph(lines.join('\n'))
}

/**
 * Parse a plain-text note: blank lines separate blocks; a lone short first line becomes the h1
 * title, lone ALL-CAPS lines (and `===`/`---` underlined lines) become h2 headings, blocks whose
 * every line is a bullet become lists, everything else is a paragraph.
 * @example parseText('Site visit\n\nAll good.').title // → 'Site visit'
 */
export function parseText(text: string): TextDocument {
  const paras = text
    .split(/\n[ \t]*\n/)
    .map((b) =>
      b
        .split('\n')
        .map((l) => l.trimEnd())
        .filter((l) => l.trim() !== ''),
    )
    .filter((lines) => lines.length > 0)
  const children = paras.map((lines, i) => textBlock(lines, i === 0))
  const firstLine = paras[0]?.[0]?.trim()
  const title = firstLine !== undefined && firstLine.length < 120 ? firstLine : null
  return { tree: { type: 'root', children }, title }
}

/** Inline content as text: soft breaks become spaces, inline code keeps its backticks. */
export function renderInline(node: Nodes): string {
  if (node.type === 'text') return node.value.replace(/[ \t]*\n[ \t]*/g, ' ')
  if (node.type === 'inlineCode') return `\`${node.value}\``
  if (node.type === 'break') return '\n'
  if (node.type === 'image' || node.type === 'imageReference') return node.alt ?? ''
  // Inline tags in prose are usually what the note is about ("the widget echoed <script>"): keep
  // them as literal text; every renderer escapes it. Comments are markup, not content.
  if (node.type === 'html') return node.value.startsWith('<!--') ? '' : node.value
  if (node.type === 'footnoteReference') return `[^${node.label ?? node.identifier}]`
  if ('children' in node) return (node.children as Nodes[]).map(renderInline).join('')
  return 'value' in node ? String(node.value) : ''
}

/**
 * A fenced code block, the fence longer than any backtick run inside.
 * @example renderFence({ type: 'code', lang: 'sh', value: 'ls' }) // → "```sh\nls\n```"
 */
export function renderFence(node: Code, value = node.value): string {
  const longest = Math.max(2, ...[...value.matchAll(/`+/g)].map((m) => m[0].length))
  const bar = '`'.repeat(longest + 1)
  return `${bar}${node.lang ?? ''}${node.meta ? ` ${node.meta}` : ''}\n${value}\n${bar}`
}

/** Table as pipe rows (header, alignment row, body), every row padded to the widest row. */
export function tableRows(node: Table): string[] {
  const width = Math.max(0, ...node.children.map((r) => r.children.length))
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`
  const cell = (c: Nodes | undefined) =>
    c ? renderInline(c).replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim() : ''
  const rows = node.children.map((r) => row(Array.from({ length: width }, (_, i) => cell(r.children[i]))))
  const marks = { left: ':--', right: '--:', center: ':-:' } as const
  const align = Array.from({ length: width }, (_, i) => marks[node.align?.[i] ?? ('none' as never)] ?? '---')
  if (rows.length > 0) rows.splice(1, 0, row(align))
  return rows
}

/** Each list item rendered with its `- `/`1. ` marker (and `[ ]` box), nested content indented. */
export function listItems(node: List): string[] {
  return node.children.map((item, i) => {
    const marker = node.ordered ? `${(node.start ?? 1) + i}. ` : '- '
    const box = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : ''
    const [first = '', ...rest] = renderBlocks(item.children, '\n').split('\n')
    return [marker + box + first, ...rest.map((l) => (l ? ' '.repeat(marker.length) + l : l))].join('\n')
  })
}

/** Render any block as readable markdown-ish text ('' for nothing worth indexing). */
export function renderBlock(node: Nodes): string {
  switch (node.type) {
    case 'heading': {
      const text = renderInline(node).trim()
      return text === '' ? '' : `${'#'.repeat(node.depth)} ${text}`
    }
    case 'code':
      return node.value.trim() === '' ? '' : renderFence(node)
    case 'table':
      return tableRows(node).join('\n')
    case 'list':
      return listItems(node).join('\n')
    case 'blockquote':
      return renderBlocks(node.children, '\n\n')
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n')
    case 'html':
      return node.value
        .replace(/<!--[\s\S]*?-->|<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
        .replace(/<[^>]*>/g, '')
        .trim()
    case 'footnoteDefinition':
      return `[^${node.label ?? node.identifier}]: ${renderBlocks(node.children, ' ')}`
    case 'thematicBreak':
    case 'definition':
    case 'yaml':
      return ''
    default:
      return renderInline(node).trim()
  }
}

/** Render sibling blocks, skipping empty ones. */
export function renderBlocks(nodes: Nodes[], separator: string): string {
  return nodes.map(renderBlock).filter(Boolean).join(separator)
}
