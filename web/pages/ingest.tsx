import type { Context, Hono } from 'hono'
import { hasRole } from '../../api/auth.ts'
import { limitBody } from '../../api/body-limit.ts'
import { viewerOf } from '../../api/governance.ts'
import { readUpload } from '../../api/upload.ts'
import { scopeOf } from '../../governance/viewer.ts'
import { formatBytes } from '../../ingest/decode.ts'
import { ingestUpload } from '../../ingest/upload.ts'
import { SUPPORTED_EXTENSIONS } from '../../ingest/walk.ts'
import { AppError } from '../../lib/errors.ts'
import { DocumentType, Severity } from '../../schemas/document.ts'
import { type FailedDocument, failedDocuments } from '../../storage/stats.ts'
import { UNDATED_HINT, type UndatedDocument, undatedDocuments } from '../../storage/undated.ts'
import { type RecentIngest, recentIngests } from '../../storage/web-views.ts'
import { formatTime, typeLabel } from '../components.tsx'
import { assertCsrf, checkOrigin, csrfToken, requireViewer } from '../guard.ts'
import { Layout } from '../layout.tsx'
import type { WebDeps, WebEnv } from '../types.ts'

// Room for multipart boundaries and part headers on top of the file itself (as the API allows).
const MULTIPART_OVERHEAD = 64 * 1024
const OUTCOMES: Record<string, string> = {
  added: 'Added',
  updated: 'Updated (it replaced the earlier upload of the same name)',
  unchanged: 'Unchanged (the same file was uploaded before)',
}

/** `/ingest`: recent ingests, failed files with their errors, and the upload form for editors. */
export function ingestRoutes(router: Hono<WebEnv>, deps: WebDeps): void {
  const maxBytes = deps.config.ingest.maxFileBytes
  const page = async (c: Context<WebEnv>, notice?: { error: boolean; text: string; id?: number }) => {
    const [recent, failed, undated] = await Promise.all([
      recentIngests(deps.db, 25, scopeOf(viewerOf(c))),
      failedDocuments(deps.db, 25),
      undatedDocuments(deps.db, 50),
    ])
    const viewer = c.get('viewer')
    const canUpload = viewer.role !== null && hasRole(viewer.role, 'editor')
    return (
      <Layout title="Ingest" section="ingest" viewer={viewer}>
        <h1>Ingest</h1>
        {notice && (
          <p class={notice.error ? 'notice error' : 'notice ok'} role={notice.error ? 'alert' : 'status'}>
            {notice.text}{' '}
            {notice.id !== undefined && <a href={`/documents/${notice.id}`}>Open the document</a>}
          </p>
        )}
        {canUpload ? (
          <UploadForm csrf={csrfToken(c, deps)} maxBytes={maxBytes} />
        ) : (
          <p class="muted">Uploading needs the editor role.</p>
        )}
        <Failed items={failed} />
        <Undated items={undated} />
        <Recent items={recent} />
      </Layout>
    )
  }

  router.get('/ingest', requireViewer('reader'), async (c) => {
    const done = Number(c.req.query('done'))
    const outcome = OUTCOMES[c.req.query('status') ?? '']
    const notice =
      Number.isSafeInteger(done) && done > 0 && outcome
        ? { error: false, text: outcome, id: done }
        : undefined
    return c.html(await page(c, notice))
  })

  router.post(
    '/ingest',
    requireViewer('editor'),
    checkOrigin(deps.config.server.publicUrl),
    limitBody(maxBytes + MULTIPART_OVERHEAD, 'split the file, or raise FIELDKB_MAX_FILE_BYTES'),
    async (c) => {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
      assertCsrf(c, form._csrf)
      try {
        const upload = await readUpload(c, maxBytes)
        const outcome = await ingestUpload({ ...deps, options: deps.config.ingest }, upload)
        return c.redirect(`/ingest?done=${outcome.documentId}&status=${outcome.status}`, 303)
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        const status = error.status as 400 | 413 | 415 | 422 | 500
        const text = `Upload failed: ${error.message}${error.hint ? ` — ${error.hint}` : ''}`
        return c.html(await page(c, { error: true, text }), status)
      }
    },
  )
}

function UploadForm(props: { csrf: string; maxBytes: number }) {
  return (
    <section aria-labelledby="upload-h" class="card">
      <h2 id="upload-h">Upload a document</h2>
      <form method="post" action="/ingest" enctype="multipart/form-data" class="stack" data-busy="Uploading…">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <p>
          <label for="file">Markdown, text, HTML, PDF, Word (.docx) or e-mail (.eml, .mbox) file</label>
          <input
            id="file"
            name="file"
            type="file"
            required
            accept={SUPPORTED_EXTENSIONS.join(',')}
            aria-describedby="file-help"
          />
        </p>
        <p id="file-help" class="muted">
          Up to {formatBytes(props.maxBytes)}. Goes through the same pipeline as <code>fieldkb ingest</code>:
          secrets are redacted before anything is stored. Uploading a file with the same name replaces it.
          E-mail attachments become documents of their own.
        </p>
        <fieldset>
          <legend>Metadata (optional; each field beats what the file says)</legend>
          <p>
            <label for="up-customer">Customer</label>
            <input id="up-customer" name="customer" type="text" maxlength={200} autocomplete="off" />
          </p>
          <p>
            <label for="up-type">Type</label>
            <select id="up-type" name="type">
              <option value="">from the file</option>
              {DocumentType.options.map((t) => (
                <option value={t}>{typeLabel(t)}</option>
              ))}
            </select>
          </p>
          <p>
            <label for="up-date">Date</label>
            <input id="up-date" name="date" type="date" />
          </p>
          <p>
            <label for="up-severity">Severity</label>
            <select id="up-severity" name="severity">
              <option value="">from the file</option>
              {Severity.options.map((s) => (
                <option value={s}>{s}</option>
              ))}
            </select>
          </p>
        </fieldset>
        <p>
          <button type="submit">Upload</button>
        </p>
      </form>
    </section>
  )
}

function Failed(props: { items: FailedDocument[] }) {
  return (
    <section aria-labelledby="failed-h">
      <h2 id="failed-h">Failed files</h2>
      {props.items.length === 0 ? (
        <p class="muted">No file failed its last ingest.</p>
      ) : (
        <ul class="plain failed">
          {props.items.map((f) => (
            <li>
              <code>{f.sourcePath}</code> <span class="muted">{formatTime(f.updatedAt)}</span>
              <br />
              <span class="err">{f.error}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** Documents whose only date is the file's modification time, so someone can give them a real one. */
function Undated(props: { items: UndatedDocument[] }) {
  if (props.items.length === 0) return null
  return (
    <section aria-labelledby="undated-h">
      <h2 id="undated-h">Dated by file time</h2>
      <p class="muted">
        No date was found in these files, so they carry their modification time, which a copy or checkout
        resets. They do not move the trend window. To fix one, {UNDATED_HINT}.
      </p>
      <ul class="plain undated">
        {props.items.map((u) => (
          <li>
            <a href={`/documents/${u.id}`}>
              <code>{u.sourcePath}</code>
            </a>{' '}
            <span class="muted">{u.date}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Recent(props: { items: RecentIngest[] }) {
  return (
    <section aria-labelledby="recent-h">
      <h2 id="recent-h">Recent ingests</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Customer</th>
              <th scope="col">Type</th>
              <th scope="col">Chunks</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((d) => (
              <tr>
                <td>
                  <a href={`/documents/${d.id}`}>{d.title ?? d.sourcePath}</a>
                  {d.status === 'failed' && <span class="badge sev"> failed</span>}
                </td>
                <td>{d.customer ?? '—'}</td>
                <td class="nowrap">{d.type ? typeLabel(d.type) : '—'}</td>
                <td>{d.chunks}</td>
                <td class="nowrap">{formatTime(d.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
