import type { Command } from 'commander'
import type { Answer, AnswerSentence, AskRequestInput } from '../../schemas/answer.ts'
import { bold, useColor } from '../color.ts'
import { filterFromOptions, withFilterOptions } from '../filter-options.ts'
import { type CliIO, printJson } from '../io.ts'
import type { Register } from '../main.ts'

/** `fieldkb ask "question"`: a cited answer (extractive offline, generated with a chat model). */
export const registerAsk: Register = (program: Command, ctx, io) => {
  withFilterOptions(
    program
      .command('ask')
      .description(
        'Answer a question from the field notes, citing them [n]: extractive offline, generated when FIELDKB_CHAT_MODEL is set.',
      )
      .argument('<question...>', 'what you want to know, e.g. "has anyone seen TLS errors behind a proxy?"'),
  )
    .option('--mode <mode>', 'retrieval: hybrid | lexical | vector', 'hybrid')
    .option('--offline', 'never call the chat model, even when one is configured')
    .option('--json', 'print the answer as JSON (schemas/answer.ts)')
    .action(async (words: string[], opts: Record<string, unknown>) => {
      const c = ctx()
      const { ask } = await import('../../answer/index.ts')
      const [db, embedder] = await Promise.all([c.db(), c.embedder()])
      const request = {
        q: words.join(' '),
        mode: opts.mode,
        filter: filterFromOptions(opts),
      } as AskRequestInput
      const color = useColor(io)
      let streamed = 0
      const onSentence = opts.json
        ? undefined
        : (s: AnswerSentence) => {
            streamed += 1
            io.stdout.write(`${s.text} ${cites(s.citations, color)}\n`)
          }
      const answer = await ask({ db, embedder, chat: c.config.chat }, request, {
        prefer: opts.offline ? 'offline' : 'auto',
        onSentence,
      })
      if (opts.json) printJson(io, answer)
      else printAnswer(io, answer, color, streamed > 0 && answer.mode === 'llm')
    })
}

function cites(ns: number[], color: boolean): string {
  const s = ns.map((n) => `[${n}]`).join('')
  return bold(s, color)
}

function printAnswer(io: CliIO, a: Answer, color: boolean, alreadyStreamed: boolean): void {
  const out = (s: string) => io.stdout.write(`${s}\n`)
  if (!alreadyStreamed) {
    const text = a.text.replace(/\[(\d+)\]/g, (m) => bold(m, color))
    out(text)
  } else if (a.pattern) {
    out(a.text.split('\n').at(-1)!)
  }
  if (a.citations.length > 0) {
    out('')
    out('Sources:')
    for (const c of a.citations) {
      const where = c.headingPath.length ? ` › ${c.headingPath.join(' › ')}` : ''
      out(`  [${c.n}] ${c.title}  (${c.customer} · ${c.date} · ${c.sectionKind})`)
      out(`      ${c.sourcePath}${where} · chunk ${c.chunkId}`)
    }
  }
  for (const w of a.warnings) io.stderr.write(`warning: ${w}\n`)
  out('')
  out(
    `${a.mode} answer · confidence ${a.confidence.level} (${a.confidence.reason}) · ${a.tookMs} ms (search ${a.searchMs} ms)`,
  )
}
