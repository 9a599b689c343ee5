import { describe, expect, it } from 'vitest'
import { digestSubject } from '../digest/format.ts'
import { safeHref } from '../digest/html-kit.ts'
import { renderHtml } from '../digest/render-html.ts'
import { renderText, wrap } from '../digest/render-text.ts'
import { firstSentence, fixLine, rootCause } from '../digest/root-cause.ts'
import { extractiveSummary } from '../digest/summary.ts'
import { escapeHtml } from '../lib/html.ts'
import { Digest } from '../schemas/digest.ts'
import type { SectionKind } from '../schemas/document.ts'

const XSS = '<script>alert("x")</script>'

function digest(overrides: Partial<Digest> = {}): Digest {
  const url = 'https://kb.example'
  const pattern = {
    id: 'p7',
    label: 'proxy TLS interception',
    terms: ['proxy', 'tls', 'ca'],
    customers: [
      'Kestrel Freight',
      'Meridian Trust Bank',
      'St. Aldric Health Network',
      'Ironbridge Manufacturing',
    ],
    customerCount: 4,
    documentCount: 6,
    periodDocumentCount: 2,
    previousPeriodDocumentCount: 0,
    trend: 'rising' as const,
    fix: `Trust the proxy CA ${XSS} in every runtime.`,
    firstSeen: '2026-11-16',
    lastSeen: '2026-11-20',
    url: `${url}/patterns/p7`,
    searchUrl: `${url}/search?q=proxy%20tls%20ca`,
  }
  return Digest.parse({
    period: { from: '2026-11-16', to: '2026-11-22', timezone: 'Europe/Berlin', label: 'Week of 16 Nov 2026' },
    headline: {
      documents: 12,
      byType: { 'field-report': 7, incident: 3, 'integration-doc': 2 },
      activeCustomers: 2,
      customers: ['Kestrel Freight', `Evil ${XSS} Corp`],
      incidents: 3,
      bySeverity: { sev1: 1, sev2: 1, sev3: 1, sev4: 0, unknown: 0 },
      crossCustomerPatterns: 3,
    },
    topPatterns: [pattern],
    newPatterns: [pattern],
    risingPatterns: [pattern],
    otherIncidents: [
      {
        documentId: 44,
        title: 'Minor blip',
        customer: 'Kestrel Freight',
        date: '2026-11-17',
        severity: null,
        rootCause: null,
        url: `${url}/documents/44`,
      },
    ],
    previousPeriod: { from: '2026-11-09', to: '2026-11-15', documents: 5, incidents: 1, activeCustomers: 2 },
    notableIncidents: [
      {
        documentId: 42,
        title: `Proxy outage ${XSS}`,
        customer: 'Kestrel Freight',
        date: '2026-11-18',
        severity: 'sev1',
        rootCause: 'The proxy re-signed TLS & nobody <noticed>.',
        url: `${url}/documents/42`,
      },
    ],
    edgeCases: [
      {
        documentId: 43,
        title: 'HL7 feed',
        customer: "O'Brien Health",
        date: '2026-11-19',
        heading: 'Gotcha: bare CR',
        excerpt: 'Segments end in \\r, not "\\n".',
        url: `${url}/documents/43`,
      },
    ],
    links: { home: url, patterns: `${url}/patterns`, search: `${url}/search?q=` },
    insightsAvailable: true,
    executiveSummary: `Summary with ${XSS}.`,
    summarySource: 'extractive',
    generatedAt: '2026-11-23T08:00:00.000Z',
    ...overrides,
  })
}

describe('rendering the digest', () => {
  it('escapes a title containing <script> everywhere in the HTML', () => {
    const html = renderHtml(digest())
    expect(html).not.toContain('<script')
    expect(html).toContain('Proxy outage &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(html).toContain('Evil &lt;script&gt;')
    expect(html).toContain('TLS &amp; nobody &lt;noticed&gt;.')
    expect(html).toContain('O&#39;Brien Health')
  })

  it('uses inline styles and tables only: no <style>, no external assets', () => {
    const html = renderHtml(digest())
    expect(html).not.toMatch(/<style|<link|<img|<script|@import|url\(/i)
    expect(html).toContain('max-width:640px')
    expect(html).toMatch(/^<!DOCTYPE html>/)
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])
    expect(hrefs.length).toBeGreaterThan(0)
    for (const h of hrefs) expect(h).toMatch(/^https:\/\/kb\.example(\/|$)/)
  })

  it('links documents and patterns into the web UI', () => {
    const html = renderHtml(digest())
    expect(html).toContain('href="https://kb.example/documents/42"')
    expect(html).toContain('href="https://kb.example/patterns/p7"')
    expect(html).toContain('href="https://kb.example/search?q=proxy%20tls%20ca"')
  })

  it('never emits a javascript: link, whatever the data says', () => {
    const html = renderHtml(digest({ links: { home: 'javascript:alert(1)', patterns: 'x', search: 'y' } }))
    expect(html).not.toContain('javascript:')
    expect(safeHref('JavaScript:alert(1)')).toBe('#')
    expect(escapeHtml(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;')
  })

  it('writes the plain-text alternative with the same facts and full links', () => {
    const text = renderText(digest())
    expect(text).toContain('fieldkb digest — Week of 16 Nov 2026 (12 documents, 3 cross-customer patterns)')
    expect(text).toContain('1. proxy TLS interception')
    expect(text).toContain('4 customers, 6 documents')
    expect(text).toContain('[sev1] Proxy outage')
    expect(text).toContain('Root cause: The proxy re-signed TLS & nobody <noticed>.')
    expect(text).toContain('https://kb.example/documents/42')
    expect(text).toContain('https://kb.example/patterns/p7')
    for (const line of text.split('\n'))
      if (!line.includes('https://')) expect(line.length).toBeLessThanOrEqual(80)
  })

  it('words the subject with singular and plural counts', () => {
    const d = digest()
    expect(digestSubject({ ...d, headline: { ...d.headline, documents: 1, crossCustomerPatterns: 1 } })).toBe(
      'fieldkb digest — Week of 16 Nov 2026 (1 document, 1 cross-customer pattern)',
    )
  })

  it('summarises deterministically from the numbers and the top pattern', () => {
    const d = digest()
    const summary = extractiveSummary(d)
    expect(summary).toBe(extractiveSummary(d))
    expect(summary).toContain(
      '12 documents (7 field reports, 3 incidents, 2 integration docs) across 2 customers',
    )
    expect(summary).toContain('"proxy TLS interception", seen at 4 customers (rising)')
    expect(summary.split(/(?<=\.)\s/).length).toBeLessThanOrEqual(3)
    expect(extractiveSummary({ ...d, headline: { ...d.headline, documents: 0 } })).toBe(
      'No documents were filed in the week of 16 Nov 2026.',
    )
  })

  it('wraps words without breaking them and keeps the indent', () => {
    expect(wrap('aaa bbb ccc', 9, '  ')).toBe('  aaa bbb\n  ccc')
    expect(wrap('a https://very.long.example/path b', 10, '  ')).toBe(
      '  a\n  https://very.long.example/path\n  b',
    )
  })
})

describe('extracting root causes and fixes', () => {
  const title = 'Proxy broke TLS'
  const chunk = (heading: string, text: string, sectionKind: SectionKind) => ({
    headingPath: [title, heading],
    text,
    sectionKind,
  })

  it('takes the first sentence of the first chunk classified root-cause, whatever its heading', () => {
    const chunks = [
      chunk('Impact', 'The batch failed. It was bad.', 'impact'),
      chunk(
        'Why it broke',
        'SSL inspection on the **proxy**; the CA was not trusted. Also more.',
        'root-cause',
      ),
    ]
    expect(rootCause(chunks)).toBe('SSL inspection on the proxy; the CA was not trusted.')
    expect(rootCause([chunk('Root cause', 'Intro. More.', 'background')])).toBeNull()
  })

  it('reads what fixed it from a fix chunk, else a workaround chunk', () => {
    expect(
      fixLine([
        chunk('Notes', 'Restarted. Then.', 'workaround'),
        chunk('What we changed', 'Trusted the CA.', 'fix'),
      ]),
    ).toBe('Trusted the CA.')
    expect(fixLine([chunk('Notes', 'Restarted it by hand. Then.', 'workaround')])).toBe(
      'Restarted it by hand.',
    )
    expect(fixLine([chunk('Root cause', 'DNS.', 'root-cause')])).toBeNull()
  })

  it('skips headings, code and tables, and completes a "…:" lead-in with its first list item', () => {
    expect(
      rootCause([chunk('Root cause', '## Root cause\n\nThe IdP clock drifted. Fixed.', 'root-cause')]),
    ).toBe('The IdP clock drifted.')
    expect(
      rootCause([
        chunk(
          'Root cause',
          'Three things lined up:\n\n1. Bodies were logged at DEBUG.\n2. Other.',
          'root-cause',
        ),
      ]),
    ).toBe('Three things lined up: Bodies were logged at DEBUG.')
    expect(
      rootCause([
        chunk(
          'Root cause',
          'Maths:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe pool was too big. Yes.',
          'root-cause',
        ),
      ]),
    ).toBe('The pool was too big.')
    expect(
      rootCause([chunk('Root cause', '```text\n# not a heading\n```\n\n- Spiky load. More.', 'root-cause')]),
    ).toBe('Spiky load.')
  })

  it('keeps redaction markers and shortens long sentences on a word boundary', () => {
    expect(firstSentence('Key [REDACTED:aws-key] leaked. Then.')).toBe('Key [REDACTED:aws-key] leaked.')
    const long = firstSentence(`${'word '.repeat(80)}end.`)
    expect(long.length).toBeLessThanOrEqual(240)
    expect(long.endsWith('word…')).toBe(true)
  })
})
