/**
 * Loader for BEIR-format retrieval benchmarks: `corpus.jsonl`, `queries.jsonl` and
 * `qrels/<split>.tsv` (tab-separated, header `query-id corpus-id score`, CRLF or LF line ends).
 */

import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import path from 'node:path'
import { createInterface } from 'node:readline'

/** One corpus document. */
export interface BeirDoc {
  id: string
  title: string
  text: string
}

/** One query (BEIR query metadata is dropped on purpose: a retriever must never see it). */
export interface BeirQuery {
  id: string
  text: string
}

/** Relevance judgments: query id → (doc id → graded relevance). */
export type Qrels = Map<string, Map<string, number>>

/** A loaded benchmark split. */
export interface BeirDataset {
  /** The folder name, e.g. `scifact`. */
  name: string
  split: string
  corpus: BeirDoc[]
  /** Only the queries judged in the split's qrels, in qrels order. */
  queries: BeirQuery[]
  qrels: Qrels
}

/**
 * Read a text file line by line without loading it whole; `\r` is stripped and blank lines are
 * skipped. Yields `[lineNumber, line]` (1-based).
 */
export async function* readLines(file: string): AsyncGenerator<[number, string]> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })
  let n = 0
  for await (const raw of rl) {
    n++
    const line = raw.replace(/\r$/, '')
    if (line.trim() !== '') yield [n, line]
  }
}

function parseJsonLine(file: string, n: number, line: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line)
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  } catch (error) {
    throw new Error(`${file}:${n}: invalid JSON: ${(error as Error).message}`)
  }
  throw new Error(`${file}:${n}: expected a JSON object`)
}

function field(record: Record<string, unknown>, key: string, file: string, n: number): string {
  const value = record[key]
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value === undefined && key === 'title') return ''
  throw new Error(`${file}:${n}: missing string field "${key}"`)
}

/** Stream the corpus documents of a BEIR folder, one at a time. */
export async function* streamCorpus(dir: string): AsyncGenerator<BeirDoc> {
  const file = path.join(dir, 'corpus.jsonl')
  for await (const [n, line] of readLines(file)) {
    const r = parseJsonLine(file, n, line)
    yield { id: field(r, '_id', file, n), title: field(r, 'title', file, n), text: field(r, 'text', file, n) }
  }
}

/** Read all queries of a BEIR folder (id → text); metadata is ignored. */
export async function readQueries(dir: string): Promise<Map<string, string>> {
  const file = path.join(dir, 'queries.jsonl')
  const queries = new Map<string, string>()
  for await (const [n, line] of readLines(file)) {
    const r = parseJsonLine(file, n, line)
    queries.set(field(r, '_id', file, n), field(r, 'text', file, n))
  }
  return queries
}

/**
 * Read a qrels TSV. The `query-id corpus-id score` header is optional; CRLF is accepted.
 * @throws when a line does not have three tab-separated fields or the score is not an integer
 */
export async function readQrels(file: string): Promise<Qrels> {
  const qrels: Qrels = new Map()
  for await (const [n, line] of readLines(file)) {
    const cols = line.split('\t').map((c) => c.trim())
    if (n === 1 && cols[0] === 'query-id') continue
    const [qid, docId, score] = cols
    if (cols.length !== 3 || !qid || !docId || !/^-?\d+$/.test(score ?? '')) {
      throw new Error(
        `${file}:${n}: expected "query-id<TAB>corpus-id<TAB>score", got ${JSON.stringify(line)}`,
      )
    }
    const judged = qrels.get(qid) ?? new Map<string, number>()
    qrels.set(qid, judged)
    judged.set(docId, Number(score))
  }
  return qrels
}

/** True when `dir` holds the three files a BEIR split needs. */
export async function hasBeir(dir: string, split = 'test'): Promise<boolean> {
  const files = ['corpus.jsonl', 'queries.jsonl', path.join('qrels', `${split}.tsv`)]
  const found = await Promise.all(
    files.map((f) =>
      access(path.join(dir, f)).then(
        () => true,
        () => false,
      ),
    ),
  )
  return found.every(Boolean)
}

/**
 * Load a BEIR split: the whole corpus, the judged queries of `split` and their qrels.
 * @throws when a judged query id is missing from `queries.jsonl`
 * @example const data = await loadBeir('../shared/benchmarks/scifact', 'test')
 */
export async function loadBeir(dir: string, split = 'test'): Promise<BeirDataset> {
  const qrels = await readQrels(path.join(dir, 'qrels', `${split}.tsv`))
  const allQueries = await readQueries(dir)
  const queries: BeirQuery[] = []
  for (const id of qrels.keys()) {
    const text = allQueries.get(id)
    if (text === undefined)
      throw new Error(`query ${id} is judged in qrels/${split}.tsv but not in queries.jsonl`)
    queries.push({ id, text })
  }
  const corpus: BeirDoc[] = []
  for await (const doc of streamCorpus(dir)) corpus.push(doc)
  return { name: path.basename(path.resolve(dir)), split, corpus, queries, qrels }
}
