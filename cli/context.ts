import type { Config } from '../config/load.ts'
import type { Embedder } from '../embeddings/types.ts'
import type { Db } from '../storage/db.ts'

/** Lazily opened resources shared by the commands of one CLI run. */
export interface Context {
  config: Config
  db(): Promise<Db>
  embedder(): Promise<Embedder>
  close(): Promise<void>
}

/** Create a context whose store and embedder open on first use and close once. */
export function createContext(config: Config, notify: (message: string) => void = () => {}): Context {
  let db: Promise<Db> | undefined
  let embedder: Promise<Embedder> | undefined
  return {
    config,
    db: () => {
      // Dynamic imports: `--help` or a usage error never loads PGlite, pg or the embedder.
      db ??= import('../storage/index.ts').then(({ openStore }) => openStore(config.database))
      return db
    },
    embedder: () => {
      // A store held by another process refuses this run at once: no model loaded for nothing.
      embedder ??= Promise.resolve()
        .then(async () => {
          if (config.database.kind !== 'pglite') return
          const { assertStoreFree } = await import('../storage/store-lock.ts')
          assertStoreFree(config.database.dataDir)
        })
        .then(() => prepareLocalModel(config, notify))
        .then(() => import('../embeddings/index.ts'))
        .then(({ createEmbedder }) => createEmbedder(config.embeddings))
      return embedder
    },
    async close() {
      if (db) await (await db.catch(() => null))?.close()
    },
  }
}

async function prepareLocalModel(config: Config, notify: (message: string) => void): Promise<void> {
  if (config.embeddings.provider !== 'local') return
  const { ensureGloveCache } = await import('../embeddings/glove-cache.ts')
  await ensureGloveCache({
    cacheDir: config.embeddings.cacheDir,
    onBuild: () => notify('Preparing the offline embedding model (one-time conversion, a few seconds)…'),
  })
}
