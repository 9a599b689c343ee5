import { Hono } from 'hono'
import { z } from 'zod'
import { scopeOf } from '../../governance/viewer.ts'
import { ingestUpload } from '../../ingest/upload.ts'
import { NotFoundError } from '../../lib/errors.ts'
import {
  DocumentDetail,
  DocumentList,
  DocumentListQuery,
  IdParam,
  Problem,
  UploadForm,
  UploadQuery,
  UploadResult,
} from '../../schemas/api.ts'
import { getDocument, listDocuments } from '../../storage/document-queries.ts'
import { deleteDocument } from '../../storage/documents.ts'
import type { ApiDeps } from '../app.ts'
import { type AppEnv, requireRole } from '../auth.ts'
import { limitBody } from '../body-limit.ts'
import { auditRead, viewerOf } from '../governance.ts'
import type { RouteDoc } from '../openapi.ts'
import { readUpload } from '../upload.ts'
import { filterOf, parseParams, parseQuery } from '../validate.ts'

// Room for multipart boundaries and part headers on top of the file itself.
const MULTIPART_OVERHEAD = 64 * 1024

const problem = (description: string) => ({
  description,
  schema: Problem,
  contentType: 'application/problem+json',
})
const RawFile = z.string().describe('the file itself')

/** OpenAPI description of the document routes. */
export const documentDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/documents',
    summary: 'List documents (paged, filterable, newest first)',
    role: 'reader',
    query: DocumentListQuery,
    responses: { 200: { description: 'one page of documents', schema: DocumentList } },
  },
  {
    method: 'post',
    path: '/api/documents',
    summary:
      'Upload a markdown, text, HTML, PDF, DOCX or e-mail document (same pipeline as `fieldkb ingest`)',
    description:
      'Send multipart/form-data with a `file` field (and optional `customer`, `type`, `date`, `severity` fields that beat what the file says), or the raw file with its media type (text/markdown, text/plain, text/html, application/pdf, the DOCX type, message/rfc822, application/mbox) and `?filename=`. E-mail attachments of supported types become documents of their own (`uploads/x.eml#attachment/y.pdf`). The same original file name updates that document; a different name that sanitises to the same one (`../x.md` after `x.md`) is kept as another document (`uploads/x-2.md`).',
    role: 'editor',
    query: UploadQuery,
    body: {
      'multipart/form-data': UploadForm,
      'text/markdown': RawFile,
      'text/plain': RawFile,
      'text/html': RawFile,
    },
    responses: {
      201: { description: 'added', schema: UploadResult, headers: { Location: 'the new document' } },
      200: { description: 'updated an earlier upload of the same name, or unchanged', schema: UploadResult },
      413: problem('the file is over FIELDKB_MAX_FILE_BYTES'),
      415: problem('the body is not multipart/form-data, text/markdown, text/plain or text/html'),
      422: problem(
        'the file is empty, or not a text document (binary, not UTF-8), or cannot be parsed (nested too deeply, over the parse time or memory budget)',
      ),
    },
  },
  {
    method: 'get',
    path: '/api/documents/:id',
    summary:
      'A document with metadata, frontmatter, warnings, redaction counts, redacted body, section tree and chunks',
    role: 'reader',
    params: IdParam,
    responses: {
      200: { description: 'the document', schema: DocumentDetail },
      404: problem('no such document'),
    },
  },
  {
    method: 'delete',
    path: '/api/documents/:id',
    summary: 'Delete a document and its chunks',
    role: 'editor',
    params: IdParam,
    responses: { 204: { description: 'deleted' }, 404: problem('no such document') },
  },
]

/** `/api/documents` routes: list, read, upload, delete. */
export function documentsRouter(deps: ApiDeps): Hono<AppEnv> {
  const router = new Hono<AppEnv>()
  const maxFileBytes = deps.config.ingest.maxFileBytes
  router.get('/', requireRole('reader'), async (c) => {
    const q = parseQuery(c, DocumentListQuery)
    const page = await listDocuments(deps.db, {
      filter: filterOf(q),
      status: q.status,
      page: q.page,
      pageSize: q.pageSize,
      scope: scopeOf(viewerOf(c)),
    })
    return c.json({ ...page, page: q.page, pageSize: q.pageSize })
  })
  router.get('/:id', requireRole('reader'), async (c) => {
    const { id } = parseParams(c, IdParam)
    const doc = await getDocument(deps.db, id, scopeOf(viewerOf(c)))
    if (!doc) throw new NotFoundError(`document ${id} not found`)
    await auditRead(deps.db, c, { customer: doc.customer, documentId: doc.id, action: 'api:document' })
    return c.json(doc)
  })
  router.post(
    '/',
    requireRole('editor'),
    limitBody(maxFileBytes + MULTIPART_OVERHEAD, 'split the file, or raise FIELDKB_MAX_FILE_BYTES'),
    async (c) => {
      const { filename } = parseQuery(c, UploadQuery)
      const upload = await readUpload(c, maxFileBytes, filename)
      const outcome = await ingestUpload({ ...deps, options: deps.config.ingest }, upload)
      const body = UploadResult.parse(outcome)
      if (body.status !== 'added') return c.json(body, 200)
      c.header('Location', `/api/documents/${body.documentId}`)
      return c.json(body, 201)
    },
  )
  router.delete('/:id', requireRole('editor'), async (c) => {
    const { id } = parseParams(c, IdParam)
    if (!(await deleteDocument(deps.db, id))) throw new NotFoundError(`document ${id} not found`)
    deps.onChange?.()
    return c.body(null, 204)
  })
  return router
}
