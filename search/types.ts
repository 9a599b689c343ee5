import type { Embedder } from '../embeddings/types.ts'
import type { TokenScope } from '../schemas/governance.ts'
import type { Db } from '../storage/db.ts'

/** What search needs: the store and the embedder the store was built with. */
export interface SearchDeps {
  db: Db
  embedder: Embedder
  /** The caller's token scope: out-of-scope documents are never fetched (storage/scope.ts). */
  scope?: TokenScope
}
