/** Helpers converters share: markdown with YAML frontmatter, and HTML turned into markdown. */
import type { Root } from 'mdast'
import { gfmToMarkdown } from 'mdast-util-gfm'
import { toMarkdown } from 'mdast-util-to-markdown'
import YAML from 'yaml'
import { parseHtml } from '../html.ts'

/** Markdown with a YAML frontmatter block of the fields that have a value (none: no block). */
export function withFrontmatter(fields: Record<string, unknown>, body: string): string {
  const data = Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  )
  if (Object.keys(data).length === 0) return body
  return `---\n${YAML.stringify(data).trimEnd()}\n---\n\n${body}`
}

/** Serialise an mdast tree as GitHub-flavoured markdown (tables, strikethrough). */
export function mdastToMarkdown(tree: Root): string {
  return toMarkdown(tree, { extensions: [gfmToMarkdown()], bullet: '-' })
}

/** An HTML fragment or page as markdown: headings, lists and tables kept, script and chrome dropped. */
export function htmlToMarkdown(html: string): string {
  return mdastToMarkdown(parseHtml(html).tree)
}

/** An ISO calendar date (`YYYY-MM-DD`) of a valid Date, else undefined. */
export function isoDate(d: Date | undefined | null): string | undefined {
  return d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : undefined
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/

/**
 * Set frontmatter fields on markdown: `set` replaces, `defaults` fill only keys the block lacks. A
 * block that is not a YAML mapping is left as body text and a fresh block is put in front.
 */
export function mergeFrontmatter(
  markdown: string,
  set: Record<string, unknown>,
  defaults: Record<string, unknown> = {},
): string {
  const m = FENCE.exec(markdown)
  let data: Record<string, unknown> = {}
  let body = markdown
  if (m) {
    const parsed = (() => {
      try {
        return YAML.parse(m[1] ?? '')
      } catch {
        return undefined
      }
    })()
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      data = parsed as Record<string, unknown>
      body = markdown.slice(m[0].length).replace(/^(?:[ \t]*\r?\n)+/, '')
    }
  }
  const present = (v: unknown) => v !== undefined && v !== null && v !== ''
  for (const [k, v] of Object.entries(defaults)) if (!present(data[k]) && present(v)) data[k] = v
  for (const [k, v] of Object.entries(set)) if (present(v)) data[k] = v
  return withFrontmatter(data, body)
}
