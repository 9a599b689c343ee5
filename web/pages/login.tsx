import type { Context, Hono } from 'hono'
import { createAuthResolver } from '../../api/auth.ts'
import { limitBody } from '../../api/body-limit.ts'
import { clientAddress, createLimiter, rateLimit } from '../../api/rate-limit.ts'
import { UnauthorizedError } from '../../lib/errors.ts'
import { assertCsrf, checkOrigin, isSecure } from '../guard.ts'
import { Layout } from '../layout.tsx'
import { clearSessionCookie, setSessionCookie } from '../session.ts'
import type { WebDeps, WebEnv } from '../types.ts'

const FORM_LIMIT = 16 * 1024

/**
 * Where to go after logging in: only a path on this site (`/…`, never `//host` or `/\host`),
 * so the login form cannot be turned into an open redirect.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !/^\/(?![/\\])[\x21-\x7e]*$/.test(next)) return '/'
  return next.startsWith('/login') || next.startsWith('/logout') ? '/' : next
}

/** `/login` (token form → session cookie) and `/logout`. */
export function loginRoutes(router: Hono<WebEnv>, deps: WebDeps): void {
  const resolve = createAuthResolver({ db: deps.db, staticTokens: deps.config.apiTokens, required: true })
  // The API's own token check, fed the typed token as if it came in an Authorization header.
  const verify = async (token: string) => {
    const fake = {
      req: { header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : undefined) },
    }
    try {
      return await resolve(fake as unknown as Context)
    } catch (error) {
      if (error instanceof UnauthorizedError) return null
      throw error
    }
  }
  const secure = (c: Context) => isSecure(c, deps.config.server.publicUrl)
  // Tokens are long and random; the limit only keeps a guessing script from hammering the store.
  // Keyed by the connection's address alone: nothing the client sends buys it a fresh budget.
  const attempts = createLimiter({ windowMs: 60_000, max: 20, now: () => deps.now().getTime() })

  router.get('/login', (c) => {
    const viewer = c.get('viewer')
    if (!viewer.authEnabled) return c.redirect('/', 303)
    return c.html(<LoginPage next={safeNext(c.req.query('next'))} viewer={viewer} />)
  })

  router.post(
    '/login',
    rateLimit({
      limiter: attempts,
      key: (c) => `login:${clientAddress(c, deps.config.server.trustedProxies)}`,
    }),
    checkOrigin(deps.config.server.publicUrl),
    limitBody(FORM_LIMIT),
    async (c) => {
      const form = await c.req.parseBody()
      const next = safeNext(form.next)
      const token = typeof form.token === 'string' ? form.token.trim() : ''
      const auth = /^[\x21-\x7e]{1,512}$/.test(token) ? await verify(token) : null
      if (!auth) {
        const page = <LoginPage next={next} viewer={c.get('viewer')} error="That token is not valid." />
        return c.html(page, 401)
      }
      const old = c.get('viewer').session
      if (old) deps.sessions.destroy(old.id)
      setSessionCookie(c, deps.sessions.create(auth.role, auth.tokenId, auth.scope), secure(c))
      return c.redirect(next, 303)
    },
  )

  router.post('/logout', checkOrigin(deps.config.server.publicUrl), limitBody(FORM_LIMIT), async (c) => {
    const form = await c.req.parseBody()
    assertCsrf(c, form._csrf)
    deps.sessions.destroy(c.get('viewer').session!.id)
    clearSessionCookie(c, secure(c))
    return c.redirect(c.get('viewer').authEnabled ? '/login' : '/', 303)
  })
}

function LoginPage(props: { next: string; viewer: WebEnv['Variables']['viewer']; error?: string }) {
  const signedIn = props.viewer.role !== null && props.viewer.session !== null
  return (
    <Layout title="Log in" section="login" viewer={props.viewer}>
      <div class="narrow">
        <h1>Log in to fieldkb</h1>
        {signedIn && <p class="notice">You are signed in as {props.viewer.role}. Log in again to switch.</p>}
        {props.error && (
          <p class="notice error" role="alert" id="login-error">
            {props.error}
          </p>
        )}
        <form method="post" action="/login" class="stack" data-busy="Checking…">
          <input type="hidden" name="next" value={props.next} />
          <p>
            <label for="token">API token</label>
            <input
              id="token"
              name="token"
              type="password"
              required
              autocomplete="current-password"
              aria-describedby={props.error ? 'token-help login-error' : 'token-help'}
              autofocus
            />
          </p>
          <p id="token-help" class="muted">
            Ask an admin for a token (<code>fieldkb token create --role reader</code>). Readers search;
            editors also upload.
          </p>
          <p>
            <button type="submit">Log in</button>
          </p>
        </form>
      </div>
    </Layout>
  )
}
