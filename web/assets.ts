import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Hono } from 'hono'
import type { WebEnv } from './types.ts'

interface Asset {
  body: string
  type: string
  etag: string
  /** URL with a content hash, so it can be cached for a year and still change with a release. */
  url: string
}

function load(name: string, type: string): Asset {
  const body = readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8')
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 12)
  return { body, type, etag: `"${hash}"`, url: `/assets/${name}?v=${hash}` }
}

const ASSETS: Record<string, Asset> = {
  'app.css': load('app.css', 'text/css; charset=utf-8'),
  'app.js': load('app.js', 'text/javascript; charset=utf-8'),
  'answer-stream.js': load('answer-stream.js', 'text/javascript; charset=utf-8'),
}

/** Versioned URLs of the stylesheet and script, for the page layout. */
export const assetUrls = {
  css: ASSETS['app.css']!.url,
  js: ASSETS['app.js']!.url,
  answerStream: ASSETS['answer-stream.js']!.url,
}

/** Serve `/assets/app.css`, `/assets/app.js` and `/assets/answer-stream.js` with long-lived caching and ETag revalidation. */
export function assetRoutes(router: Hono<WebEnv>): void {
  router.get('/assets/:name', (c) => {
    const asset = ASSETS[c.req.param('name')]
    if (!asset) return c.text('not found', 404)
    c.header('etag', asset.etag)
    c.header('cache-control', 'public, max-age=31536000, immutable')
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304)
    c.header('content-type', asset.type)
    return c.body(asset.body)
  })
}
