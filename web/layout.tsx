import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { assetUrls } from './assets.ts'
import type { Viewer } from './types.ts'

/** Top-level sections, for the navigation bar and `aria-current`. */
export type Section = 'search' | 'patterns' | 'digest' | 'ingest' | 'login' | 'none'

const NAV: { section: Section; href: string; label: string }[] = [
  { section: 'search', href: '/', label: 'Search' },
  { section: 'patterns', href: '/patterns', label: 'Patterns' },
  { section: 'digest', href: '/digest', label: 'Digest' },
  { section: 'ingest', href: '/ingest', label: 'Ingest' },
]

/** Props of {@link Layout}. */
export interface LayoutProps {
  title: string
  section: Section
  viewer: Viewer | undefined
  children?: Child
}

/** The page shell: skip link, header with navigation and session, `<main>`, footer. */
export function Layout(props: LayoutProps) {
  const { viewer } = props
  const loggedIn = viewer?.authEnabled && viewer.role !== null && viewer.session
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} · fieldkb`}</title>
          {/* An empty icon: saves every page a favicon request that could only 404. */}
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={assetUrls.css} />
          <script src={assetUrls.js} defer />
          <script src={assetUrls.answerStream} defer />
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="top">
            <a class="brand" href="/">
              fieldkb
            </a>
            {props.section !== 'login' && (
              <nav aria-label="Main">
                <ul>
                  {NAV.map((n) => (
                    <li>
                      <a href={n.href} aria-current={n.section === props.section ? 'page' : undefined}>
                        {n.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            {loggedIn && viewer.session && (
              <form class="who" method="post" action="/logout">
                <span>
                  Signed in · <strong>{viewer.role}</strong>
                </span>
                <input type="hidden" name="_csrf" value={viewer.session.csrf} />
                <button type="submit" class="link">
                  Log out
                </button>
              </form>
            )}
          </header>
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
          <footer class="foot">
            <p>fieldkb — field knowledge for forward deployed engineers. Secrets are redacted at ingest.</p>
          </footer>
        </body>
      </html>
    </>
  )
}

/** A full page explaining an error: what went wrong and what to do, never a stack trace. */
export function ErrorPage(props: { status: number; message: string; hint?: string; viewer?: Viewer }) {
  const title = props.status === 404 ? 'Not found' : props.status >= 500 ? 'Something went wrong' : 'Sorry'
  return (
    <Layout title={title} section="none" viewer={props.viewer}>
      <h1>{title}</h1>
      <p class="notice error" role="alert">
        {props.message}
      </p>
      {props.hint && <p>{props.hint}</p>}
      <p>
        <a href="/">Back to search</a>
      </p>
    </Layout>
  )
}
