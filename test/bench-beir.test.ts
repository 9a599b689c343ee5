import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasBeir, loadBeir, readQrels, streamCorpus } from '../bench/beir.ts'
import { beirMarkdown, beirSource } from '../bench/lib/beir-markdown.ts'
import { defaultScifactDir } from '../bench/lib/paths.ts'
import { docIdFromSourcePath } from '../bench/lib/search.ts'
import { prepareDocument } from '../ingest/prepare.ts'

let dir: string

const corpus = [
  {
    _id: '10',
    title: 'Caf\u00e9 "quotes": a title',
    text: 'First abstract. It has two sentences.',
    metadata: {},
  },
  { _id: '20', title: '', text: 'Untitled abstract.', metadata: {} },
  { _id: 'doc/30', title: 'Slash id', text: 'Third.', metadata: {} },
]
const queries = [
  { _id: '1', text: 'first claim', metadata: { label: 'SUPPORT' } },
  { _id: '2', text: 'second claim', metadata: {} },
  { _id: '3', text: 'train-only claim', metadata: {} },
]

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldkb-beir-'))
  // json.dumps(ensure_ascii=True) style: non-ASCII escaped as \uXXXX.
  const jsonl = (rows: object[]) =>
    `${rows.map((r) => JSON.stringify(r).replace(/é/g, '\\u00e9')).join('\n')}\n`
  await writeFile(path.join(dir, 'corpus.jsonl'), jsonl(corpus))
  await writeFile(path.join(dir, 'queries.jsonl'), jsonl(queries))
  await mkdir(path.join(dir, 'qrels'))
  await writeFile(
    path.join(dir, 'qrels', 'test.tsv'),
    'query-id\tcorpus-id\tscore\r\n2\t20\t1\r\n1\t10\t2\r\n1\tdoc/30\t1\r\n',
  )
  await writeFile(path.join(dir, 'qrels', 'train.tsv'), 'query-id\tcorpus-id\tscore\r\n3\t20\t1\r\n')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the BEIR loader', () => {
  it('reads CRLF qrels without carriage returns and keeps graded scores', async () => {
    const qrels = await readQrels(path.join(dir, 'qrels', 'test.tsv'))
    expect([...qrels.keys()]).toEqual(['2', '1'])
    expect(qrels.get('1')).toEqual(
      new Map([
        ['10', 2],
        ['doc/30', 1],
      ]),
    )
  })

  it('keeps only the queries judged in the chosen split, in qrels order, without metadata', async () => {
    const test = await loadBeir(dir, 'test')
    expect(test.queries).toEqual([
      { id: '2', text: 'second claim' },
      { id: '1', text: 'first claim' },
    ])
    const train = await loadBeir(dir, 'train')
    expect(train.queries).toEqual([{ id: '3', text: 'train-only claim' }])
  })

  it('streams the corpus and decodes escaped non-ASCII characters', async () => {
    const docs = []
    for await (const d of streamCorpus(dir)) docs.push(d)
    expect(docs).toHaveLength(3)
    expect(docs[0]).toEqual({
      id: '10',
      title: 'Café "quotes": a title',
      text: 'First abstract. It has two sentences.',
    })
  })

  it('names the dataset after its folder and loads the whole corpus', async () => {
    const data = await loadBeir(dir, 'test')
    expect(data.name).toBe(path.basename(dir))
    expect(data.corpus.map((d) => d.id)).toEqual(['10', '20', 'doc/30'])
  })

  it('rejects a malformed qrels line with its file and line number', async () => {
    const bad = path.join(dir, 'qrels', 'bad.tsv')
    await writeFile(bad, 'query-id\tcorpus-id\tscore\r\n1\t10\r\n')
    await expect(readQrels(bad)).rejects.toThrow(/bad\.tsv:2/)
  })

  it('says whether a folder holds a split', async () => {
    expect(await hasBeir(dir, 'test')).toBe(true)
    expect(await hasBeir(dir, 'dev')).toBe(false)
    expect(await hasBeir(path.join(dir, 'missing'))).toBe(false)
  })
})

describe('a BEIR document as a markdown source', () => {
  const options = { chunkTokens: 300, chunkOverlap: 40, redactIpv4: false }

  it('parses back to the document title and text without warnings', () => {
    const doc = { id: '10', title: 'Café "quotes": a title', text: 'First abstract. It has two sentences.' }
    const source = beirSource(doc, 'scifact')
    expect(source.path).toBe('10.md')
    const prepared = prepareDocument({ relPath: source.path, text: source.text, mtime: new Date() }, options)
    expect(prepared.parsed.title).toBe(doc.title)
    expect(prepared.parsed.warnings).toEqual([])
    expect(prepared.chunks.map((c) => c.text).join(' ')).toContain('First abstract.')
  })

  it('maps a hit source path back to the corpus id, even for ids with slashes', () => {
    const source = beirSource({ id: 'doc/30', title: 't', text: 'x' }, 'scifact')
    expect(source.path).not.toContain('/')
    expect(docIdFromSourcePath(source.path)).toBe('doc/30')
  })

  it('leaves the title out when the document has none', () => {
    expect(beirMarkdown({ id: '20', title: '  ', text: 'Body.' }, 'scifact')).not.toContain('title:')
  })
})

const scifact = existsSync(defaultScifactDir)
if (!scifact) console.info(`bench-beir: ${defaultScifactDir} is absent; skipping the real SciFact check`)

describe.skipIf(!scifact)('the real BEIR SciFact files (skipped when ../shared is absent)', () => {
  it('load with 5,183 documents and 300 judged test queries', async () => {
    const data = await loadBeir(defaultScifactDir, 'test')
    expect(data.corpus).toHaveLength(5183)
    expect(data.queries).toHaveLength(300)
    expect([...data.qrels.values()].reduce((n, j) => n + j.size, 0)).toBe(339)
    const ids = new Set(data.corpus.map((d) => d.id))
    for (const judged of data.qrels.values()) for (const id of judged.keys()) expect(ids.has(id)).toBe(true)
  })

  it('has 809 judged train queries', async () => {
    expect((await loadBeir(defaultScifactDir, 'train')).queries).toHaveLength(809)
  })
})
