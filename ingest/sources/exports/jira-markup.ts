/** The common constructs of Jira wiki markup (Server/DC and CSV exports) as markdown. */

/**
 * Jira wiki text as markdown: `h2.` headings (nested under the ticket's `##` sections), `{code}` and
 * `{noformat}` blocks, `*bold*`, `{{monospace}}`, `[label|url]` links and `# ` numbered items.
 * @example jiraWikiToMarkdown('h2. Impact\n{{api}} down') // → '#### Impact\n`api` down'
 */
export function jiraWikiToMarkdown(text: string): string {
  const blocks: string[] = []
  // Code first, so nothing inside it is rewritten.
  const masked = text.replace(
    /\{(code|noformat)(?::([\w+-]+))?[^}]*\}([\s\S]*?)\{\1\}/g,
    (_m, _k, lang, body) => {
      blocks.push(`\`\`\`${lang ?? ''}\n${String(body).replace(/^\n|\n$/g, '')}\n\`\`\``)
      return `\uE000${blocks.length - 1}\uE000`
    },
  )
  const converted = masked
    .split('\n')
    .map((line) =>
      line
        .replace(/^h([1-6])\.\s+/, (_m, n: string) => `${'#'.repeat(Math.min(6, Number(n) + 2))} `)
        .replace(/^#\s+/, '1. ')
        .replace(/\{\{([^}]+)\}\}/g, '`$1`')
        .replace(/(^|\s)\*(\S[^*\n]*?\S|\S)\*(?=\s|$|[.,;:])/g, '$1**$2**')
        .replace(/\[([^|\]\n]+)\|((?:https?|mailto):[^\]\s]+)\]/g, '[$1]($2)'),
    )
    .join('\n')
  return converted.replace(/\uE000(\d+)\uE000/g, (_m, i: string) => blocks[Number(i)] ?? '')
}
