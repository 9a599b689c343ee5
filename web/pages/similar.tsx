import type { Hono } from 'hono'
import { viewerOf } from '../../api/governance.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { hydrate } from '../../search/hydrate.ts'
import { similarTo } from '../../search/index.ts'
import { Badges, excerpt, HeadingPath } from '../components.tsx'
import { requireViewer } from '../guard.ts'
import { Layout } from '../layout.tsx'
import type { WebDeps, WebEnv } from '../types.ts'
import { pathId, SimilarList } from './document.tsx'

/** `/similar/:chunkId` ("seen elsewhere"): the chunk, then the most similar ones at other customers. */
export function similarRoutes(router: Hono<WebEnv>, deps: WebDeps): void {
  router.get('/similar/:chunkId', requireViewer('reader'), async (c) => {
    const chunkId = pathId(c.req.param('chunkId'), 'chunk')
    const scope = scopeOf(viewerOf(c))
    // similarTo first: it answers 404 for a chunk outside the viewer's scope, before anything is shown.
    const hits = await similarTo(scope ? { ...deps, scope } : deps, { chunkId }, 8)
    const [source] = await hydrate(deps.db, [chunkId], '')
    if (!source)
      throw new NotFoundError(`There is no chunk ${chunkId}; its document may have been re-ingested.`)
    return c.html(
      <Layout title={`Seen elsewhere: ${source.document.title}`} section="search" viewer={c.get('viewer')}>
        <h1>Seen elsewhere</h1>
        <section class="card source" aria-labelledby="source-h">
          <h2 id="source-h">
            From <a href={`/documents/${source.document.id}#chunk-${chunkId}`}>{source.document.title}</a>
          </h2>
          <Badges doc={source.document} />
          <HeadingPath path={source.headingPath} title={source.document.title} />
          <p class="hl">{excerpt(source.text, 600)}</p>
        </section>
        <section aria-labelledby="elsewhere-h">
          <h2 id="elsewhere-h">Similar notes at other customers</h2>
          {hits.length === 0 ? (
            <p class="muted">No other customer has a note like this one yet.</p>
          ) : (
            <SimilarList hits={hits} />
          )}
        </section>
      </Layout>,
    )
  })
}
