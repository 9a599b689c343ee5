import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

// A small shared vocabulary: every generated document uses many of the same words, so concurrent
// writers touch the same term_stats rows (the collision the statistics triggers must survive).
const WORDS = (
  'timeout retry gateway latency quota token cache index replica shard broker queue worker ' +
  'deploy rollback migration schema vector embedding search ranking filter tenant region cluster ' +
  'certificate proxy firewall webhook scheduler batch stream partition checkpoint snapshot backup ' +
  'restore throttle limit burst spike memory disk network socket handshake session cookie header ' +
  'payload parser encoder decoder buffer overflow leak crash restart health probe alert metric ' +
  'dashboard trace span log audit policy role permission secret vault rotation expiry renewal ' +
  'upgrade patch version driver client server endpoint route balancer pool connection transaction ' +
  'deadlock lock contention backlog lag drift skew clock sync async callback promise future'
).split(' ')

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 4294967296
  }
}

function sentence(next: () => number, words: number): string {
  const out = Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]!)
  return `${out.join(' ')}.`
}

function body(next: () => number): string {
  const section = (heading: string) =>
    `## ${heading}\n\n${Array.from({ length: 4 }, () => sentence(next, 12)).join(' ')}\n`
  return ['Symptoms', 'Root cause', 'Fix'].map(section).join('\n')
}

/**
 * Write `perFolder` incident reports into each of `folders` under `dir` (`<folder>/<n>.md`), their
 * words drawn from one shared vocabulary with `seed`; a different seed rewrites every file.
 */
export function writeWordCorpus(dir: string, folders: string[], perFolder: number, seed: number): string[] {
  const files: string[] = []
  folders.forEach((folder, f) => {
    mkdirSync(path.join(dir, folder), { recursive: true })
    for (let i = 0; i < perFolder; i++) {
      const next = rng(seed * 100_003 + f * 1_009 + i + 1)
      const file = path.join(dir, folder, `${String(i).padStart(3, '0')}.md`)
      const day = String((i % 28) + 1).padStart(2, '0')
      writeFileSync(
        file,
        `---\ntitle: ${folder} report ${i} ${sentence(next, 3)}\ncustomer: Customer ${folder}\n` +
          `date: 2026-10-${day}\ntype: incident\nseverity: sev3\ntags: [generated]\n---\n\n${body(next)}`,
      )
      files.push(file)
    }
  })
  return files
}
