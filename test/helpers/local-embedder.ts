import { tmpdir } from 'node:os'
import path from 'node:path'
import { LocalSifEmbeddings } from '../../embeddings/local.ts'

/**
 * The real offline embedder, with its binary cache shared by every test run on this machine
 * (built once in a few seconds, then loaded in ~0.2 s).
 */
export function localEmbedder(): LocalSifEmbeddings {
  return new LocalSifEmbeddings({ cacheDir: path.join(tmpdir(), 'fieldkb-test-glove') })
}
