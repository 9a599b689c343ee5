import { prepareDocument } from '../../ingest/prepare.ts'
import { synthDoc, synthQuery } from '../lib/synth.ts'

const d = synthDoc(42, 0)
console.log(d.markdown.slice(0, 900))
let chunks = 0,
  words = 0
const warn = new Map<string, number>()
const t = performance.now()
for (let i = 0; i < 2000; i++) {
  const doc = synthDoc(42, i)
  words += doc.body.split(/\s+/).length
  const p = prepareDocument(
    { relPath: `${doc.id}.md`, text: doc.markdown, mtime: new Date() },
    { chunkTokens: 300, chunkOverlap: 40, redactIpv4: false },
  )
  chunks += p.chunks.length
  for (const w of p.parsed.warnings) warn.set(w.code, (warn.get(w.code) ?? 0) + 1)
}
console.log({ chunks, perDoc: chunks / 2000, words: words / 2000, warn, ms: performance.now() - t })
console.log(Array.from({ length: 8 }, (_, i) => synthQuery(42, i)))
console.log(synthDoc(42, 5).markdown === synthDoc(42, 5).markdown)
