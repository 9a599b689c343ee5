import type { Hono } from 'hono'
import { raw } from 'hono/html'
import { NotFoundError, ValidationError } from '../../lib/errors.ts'
import { IdParam } from '../../schemas/api.ts'
import type { SimilarHit } from '../../schemas/search.ts'
import { similarToDocument } from '../../search/index.ts'
import { type DocumentDetail, getDocument } from '../../storage/document-queries.ts'
import { Badges, excerpt, formatTime, HeadingPath, plural, Tags } from '../components.tsx'
import { renderChunks } from '../document-text.ts'
import { requireViewer } from '../guard.ts'
import { Layout } from '../layout.tsx'
import type { WebDeps, WebEnv } from '../types.ts'

/** Parse a positive integer id from the path, as the API does; 400 otherwise. */
export function pathId(value: string | undefined, what: string): number {
  const parsed = IdParam.safeParse({ id: value })
  if (!parsed.success) throw new ValidationError(`“${value ?? ''}” is not a ${what} id`)
  return parsed.data.id
}

/** `/documents/:id`: metadata, the redacted text rendered safely, its chunks, similar documents. */
export function documentRoutes(router: Hono<WebEnv>, deps: WebDeps): void {
  router.get('/documents/:id', requireViewer('reader'), async (c) => {
    const id = pathId(c.req.param('id'), 'document')
    const doc = await getDocument(deps.db, id)
    if (!doc) throw new NotFoundError(`There is no document ${id}; it may have been deleted or re-ingested.`)
    const similar = doc.status === 'ok' ? await similarToDocument(deps.db, doc) : []
    return c.html(
      <Layout title={doc.title ?? doc.sourcePath} section="none" viewer={c.get('viewer')}>
        <div class="doc-layout">
          <article class="doc" aria-labelledby="doc-title">
            <header>
              <h1 id="doc-title">{doc.title ?? doc.sourcePath}</h1>
              <Badges doc={doc} />
              <Tags tags={doc.tags} />
            </header>
            <Meta doc={doc} />
            {doc.status === 'failed' ? (
              <p class="notice error" role="alert">
                This file failed to ingest: {doc.error}
              </p>
            ) : (
              <Body doc={doc} />
            )}
          </article>
          {doc.status === 'ok' && <SimilarDocs hits={similar} />}
        </div>
      </Layout>,
    )
  })
}

function Meta(props: { doc: DocumentDetail }) {
  const d = props.doc
  const redactions = Object.entries(d.redactions)
  return (
    <details class="meta">
      <summary>
        Source and ingest details
        {redactions.length > 0 ? ` · ${plural(sum(redactions), 'secret')} redacted` : ''}
        {d.warnings.length > 0 ? ` · ${plural(d.warnings.length, 'warning')}` : ''}
      </summary>
      <dl>
        <dt>Source</dt>
        <dd>
          <code>{d.sourcePath}</code> ({d.format ?? 'unknown format'})
        </dd>
        {d.author && (
          <>
            <dt>Author</dt>
            <dd>{d.author}</dd>
          </>
        )}
        <dt>Ingested</dt>
        <dd>
          {formatTime(d.ingestedAt)}, last updated {formatTime(d.updatedAt)}
        </dd>
        <dt>Redactions</dt>
        <dd>{redactions.length === 0 ? 'none' : redactions.map(([k, n]) => `${k} × ${n}`).join(', ')}</dd>
      </dl>
      {d.warnings.length > 0 && (
        <ul class="warnings" aria-label="Ingest warnings">
          {d.warnings.map((w) => (
            <li>
              <code>{w.code}</code> {w.message}
            </li>
          ))}
        </ul>
      )}
    </details>
  )
}

function Body(props: { doc: DocumentDetail }) {
  const rendered = renderChunks(props.doc.title ?? '', props.doc.chunks)
  return (
    <div class="body">
      {rendered.map((r) => (
        <section class="chunk" id={`chunk-${r.chunk.id}`} aria-label={`Part ${r.chunk.ordinal + 1}`}>
          {r.headings.map((h) => {
            const Tag = `h${h.level}` as 'h2'
            return <Tag>{h.text}</Tag>
          })}
          {/* Sanitised by web/markdown.ts (allowlist); the only other raw HTML on any page. */}
          {raw(r.html)}
          <p class="chunk-foot">
            Part {r.chunk.ordinal + 1} of {props.doc.chunks.length} · {r.chunk.tokenCount} tokens ·{' '}
            <a href={`/similar/${r.chunk.id}`}>Seen elsewhere</a>
          </p>
        </section>
      ))}
    </div>
  )
}

/** Similar chunks at other customers, one per document. */
export function SimilarList(props: { hits: SimilarHit[] }) {
  return (
    <ol class="hits compact">
      {props.hits.map((h) => (
        <li class="card">
          <h3>
            <a href={`/documents/${h.document.id}#chunk-${h.chunkId}`}>{h.document.title}</a>
          </h3>
          <Badges doc={h.document} />
          <HeadingPath path={h.headingPath} title={h.document.title} />
          <p class="hl">{excerpt(h.text)}</p>
          <p class="muted">{Math.round(h.similarity * 100)}% similar</p>
        </li>
      ))}
    </ol>
  )
}

function SimilarDocs(props: { hits: SimilarHit[] }) {
  return (
    <aside class="similar" aria-labelledby="similar-h">
      <h2 id="similar-h">Seen at other customers</h2>
      {props.hits.length === 0 ? (
        <p class="muted">Nothing similar at other customers yet.</p>
      ) : (
        <SimilarList hits={props.hits} />
      )}
    </aside>
  )
}

function sum(entries: [string, number][]): number {
  return entries.reduce((n, [, v]) => n + v, 0)
}
