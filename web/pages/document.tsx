import type { Hono } from 'hono'
import { raw } from 'hono/html'
import { auditRead, viewerOf } from '../../api/governance.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { NotFoundError, ValidationError } from '../../lib/errors.ts'
import { IdParam } from '../../schemas/api.ts'
import type { SimilarHit } from '../../schemas/search.ts'
import { similarToDocument } from '../../search/index.ts'
import { type DocumentDetail, getDocument, parentDocument } from '../../storage/document-queries.ts'
import { Badges, excerpt, formatTime, HeadingPath, plural, Tags } from '../components.tsx'
import { type DocumentPart, documentParts } from '../document-parts.ts'
import { requireViewer } from '../guard.ts'
import { Layout } from '../layout.tsx'
import { markdownToSafeHtml, textToSafeHtml } from '../markdown.ts'
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
    const scope = scopeOf(viewerOf(c))
    const doc = await getDocument(deps.db, id, scope)
    if (!doc) throw new NotFoundError(`There is no document ${id}; it may have been deleted or re-ingested.`)
    await auditRead(deps.db, c, { customer: doc.customer, documentId: doc.id, action: 'web:document' })
    const [similar, parent] = await Promise.all([
      doc.status === 'ok' ? similarToDocument(deps.db, doc, 5, scope) : [],
      typeof doc.frontmatter.parent === 'string' ? parentDocument(deps.db, id) : null,
    ])
    return c.html(
      <Layout title={doc.title ?? doc.sourcePath} section="none" viewer={c.get('viewer')}>
        <div class="doc-layout">
          <article class="doc" aria-labelledby="doc-title">
            <header>
              <h1 id="doc-title">{doc.title ?? doc.sourcePath}</h1>
              <Badges doc={doc} />
              <Tags tags={doc.tags} />
              {parent && (
                <p class="muted attachment-of">
                  Attachment of <a href={`/documents/${parent.id}`}>{parent.title ?? parent.sourcePath}</a>
                </p>
              )}
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
  const doc = props.doc
  if (doc.body === null) {
    return (
      <p class="notice">
        This document was ingested before fieldkb stored document text; ingest it again to show it here.
      </p>
    )
  }
  const toHtml = doc.format === 'text' ? textToSafeHtml : markdownToSafeHtml
  return (
    <div class="body">
      {documentParts(doc).map((part) => (
        <Part part={part} html={toHtml(part.text)} />
      ))}
    </div>
  )
}

/** One section of the stored body: heading with its kind badge, the text once, its chunks' links. */
function Part(props: { part: DocumentPart; html: string }) {
  const { part } = props
  const Tag = `h${part.level}` as 'h2'
  return (
    <section class="doc-part" data-kind={part.kind ?? undefined}>
      {part.chunks.map((c) => (
        <span class="chunk-anchor" id={`chunk-${c.id}`} />
      ))}
      {part.heading !== null && (
        <Tag>
          {part.heading} {part.kind && <KindBadge kind={part.kind} />}
        </Tag>
      )}
      {part.heading === null && part.kind && part.kind !== 'other' && <KindBadge kind={part.kind} />}
      {/* Sanitised by web/markdown.ts (allowlist); the only other raw HTML on any page. */}
      {raw(props.html)}
      {part.chunks.length > 0 && (
        <p class="chunk-foot">
          Seen elsewhere:{' '}
          {part.chunks.map((c, i) => (
            <>
              {i > 0 && ' · '}
              <a href={`/similar/${c.id}`} title={`${c.tokenCount} tokens, ${c.sectionKind}`}>
                part {c.ordinal + 1}
              </a>
            </>
          ))}
        </p>
      )}
    </section>
  )
}

/** A small badge naming what a section is about (problem, root cause, fix, …). */
function KindBadge(props: { kind: string }) {
  return <span class={`badge kind kind-${props.kind}`}>{props.kind.replace('-', ' ')}</span>
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
