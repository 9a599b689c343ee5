import { PGVectorStore } from '@langchain/community/vectorstores/pgvector'
import pg from 'pg'
import { HashingEmbeddings } from '../../embeddings/hashing.ts'

const url = 'postgres://postgres@127.0.0.1:42581/fieldkb_test'
const e = new HashingEmbeddings(16)
const s = await PGVectorStore.initialize(e, {
  postgresConnectionOptions: { connectionString: url },
  tableName: 't_lc',
  dimensions: 16,
})
await s.addDocuments(
  Array.from({ length: 3000 }, (_, i) => ({
    pageContent: `doc ${i} word${i % 97} thing${i % 13}`,
    metadata: { id: String(i) },
  })),
)
await s.createHnswIndex({ dimensions: 16 })
const c = new pg.Client({ connectionString: url })
await c.connect()
console.log((await c.query(`select indexdef from pg_indexes where tablename='t_lc'`)).rows)
const v = `[${(await e.embedQuery('word5 thing3')).join(',')}]`
const r = await c.query(
  `EXPLAIN SELECT *, "embedding" <=> $1 as "_distance" FROM t_lc ORDER BY "_distance" ASC LIMIT 100`,
  [v],
)
console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'))
console.log((await s.similaritySearch('word5 thing3', 100)).length)
await c.query('drop table t_lc')
await c.end()
await s.end()
