import type { Command } from 'commander'
import type { SearchRequestInput, SearchResponse } from '../../schemas/search.ts'
import { bold, useColor } from '../color.ts'
import { filterFromOptions, withFilterOptions } from '../filter-options.ts'
import { type CliIO, printJson } from '../io.ts'
import type { Register } from '../main.ts'
import { intOption } from '../options.ts'

/** `fieldkb search "query"`: hybrid search from the terminal. */
export const registerSearch: Register = (program: Command, ctx, io) => {
  withFilterOptions(
    program
      .command('search')
      .description('Search the knowledge base (BM25 + vectors). Supports "quoted phrases" and -exclusions.')
      .argument('<query...>', 'what to look for'),
  )
    .option('-k, --limit <k>', 'number of results (1-100)', intOption(1, 100), 10)
    .option('--group <mode>', 'chunk | document (best chunk per document)', 'document')
    .option('--mode <mode>', 'hybrid | lexical | vector', 'hybrid')
    .option('--json', 'print the full response as JSON')
    .action(async (words: string[], opts: Record<string, unknown>) => {
      const c = ctx()
      const { search } = await import('../../search/index.ts')
      const [db, embedder] = await Promise.all([c.db(), c.embedder()])
      const request = {
        q: words.join(' '),
        k: opts.limit,
        group: opts.group,
        mode: opts.mode,
        filter: filterFromOptions(opts),
      } as SearchRequestInput
      const response = await search({ db, embedder }, request)
      if (opts.json) printJson(io, response)
      else printHits(io, response, useColor(io))
    })
}

function printHits(io: CliIO, r: SearchResponse, color: boolean): void {
  const out = (s: string) => io.stdout.write(`${s}\n`)
  if (r.hits.length === 0) {
    out('No results. Try fewer words, another phrasing, or fewer filters.')
    return
  }
  r.hits.forEach((h, i) => {
    const d = h.document
    const ranks = `lexical #${h.lexicalRank ?? '-'}, vector #${h.vectorRank ?? '-'}`
    out(
      `${i + 1}. ${d.title}  [${d.customer} · ${d.type}${d.severity ? ` · ${d.severity}` : ''} · ${d.date}]`,
    )
    out(`   ${d.sourcePath}${h.headingPath.length ? ` › ${h.headingPath.join(' › ')}` : ''}`)
    out(`   ${toTerminal(h.highlight, color)}`)
    out(`   score ${h.score.toFixed(3)} (${ranks}) · chunk ${h.chunkId}`)
  })
  out(`${r.hits.length} results in ${r.tookMs} ms`)
}

/** Highlights are HTML: show matches in bold on a terminal, plain otherwise. */
function toTerminal(html: string, color: boolean): string {
  return html
    .replace(/<mark>(.*?)<\/mark>/g, (_, m: string) => bold(m, color))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}
