import { describe, expect, it } from 'vitest'
import { customerPseudonym, industryPhrase } from '../governance/pseudonym.ts'
import { createPseudonymiser, type NameBook } from '../governance/pseudonymise.ts'
import { viewerFrom } from '../governance/viewer.ts'
import { buildAliases } from '../ingest/aliases.ts'

const evidence = (display: string, texts: string[], authors: string[] = []) => ({
  key: display.toLowerCase(),
  display,
  frontmatterAliases: [],
  authors,
  folders: [],
  texts,
})

function book(secret = 'store-secret'): NameBook {
  const meridian = evidence(
    'Meridian Trust Bank',
    ["Meridian's SSO via https://sso.meridiantrust.example/ and the MTB team", 'Meridian Trust security'],
    ['Priya Raman'],
  )
  const kestrel = evidence('Kestrel Freight', ['Kestrel ops', 'Priya helped'], ['Sam Whitaker'])
  return {
    secret,
    customers: [meridian, kestrel].map((c) => ({
      key: c.key,
      display: c.display,
      industry: null,
      confidential: false,
      aliases: buildAliases(c),
    })),
  }
}

const kestrelViewer = viewerFrom({
  role: 'reader',
  scope: { customers: ['Kestrel Freight'], others: 'pseudonymous' },
})

describe('pseudonymising text for a viewer scoped to one customer', () => {
  it('replaces the display name, short forms, initials, slug, domains and authors of other customers', () => {
    const p = createPseudonymiser(book(), kestrelViewer)
    const code = customerPseudonym('store-secret', {
      key: 'meridian trust bank',
      display: 'Meridian Trust Bank',
      industry: null,
    }).code
    const out = p.text(
      "Meridian Trust Bank (meridian-trust-bank) saw it; Meridian's MTB team at sso.meridiantrust.example, Priya Raman wrote it.",
    )
    expect(out).toBe(
      `a bank (${code}) (${code.toLowerCase()}) saw it; a bank (${code})'s a bank (${code}) team at ${code.toLowerCase()}.example, ${out.match(/an FDE \(P-[0-9A-F]{4}\)/)![0]} wrote it.`,
    )
    expect(out).not.toMatch(/meridian|priya|mtb/i)
  })

  it('keeps the viewer’s own customer, its authors, and words that merely start like a name', () => {
    const p = createPseudonymiser(book(), kestrelViewer)
    expect(p.text('Kestrel Freight and Sam Whitaker; MTBF targets; Priyanka')).toBe(
      'Kestrel Freight and Sam Whitaker; MTBF targets; Priyanka',
    )
  })

  it('replaces names in HTML-escaped and URL-encoded forms and in object keys', () => {
    const p = createPseudonymiser(book(), kestrelViewer)
    expect(p.text('<a href="/search?customer=Meridian%20Trust%20Bank">Meridian&#39;s</a>')).not.toMatch(
      /meridian/i,
    )
    const v = p.value({ facets: { 'Meridian Trust Bank': 3 }, list: ['Meridian'], n: 2 })
    expect(JSON.stringify(v)).not.toMatch(/meridian/i)
    expect(v.n).toBe(2)
  })

  it('gives the same pseudonym for the same store secret and another for another store', () => {
    const text = 'Meridian Trust Bank'
    expect(createPseudonymiser(book(), kestrelViewer).text(text)).toBe(
      createPseudonymiser(book(), kestrelViewer).text(text),
    )
    expect(createPseudonymiser(book('other-store'), kestrelViewer).text(text)).not.toBe(
      createPseudonymiser(book(), kestrelViewer).text(text),
    )
  })

  it('turns names in a search query into codes that match no document', () => {
    const p = createPseudonymiser(book(), kestrelViewer)
    expect(p.query('Meridian SAML skew')).toMatch(/^C[0-9A-F]{4} SAML skew$/)
  })

  it('changes nothing for an unscoped viewer or one that sees others by name', () => {
    const all = viewerFrom({ role: 'admin' })
    expect(createPseudonymiser(book(), all).text('Meridian Trust Bank')).toBe('Meridian Trust Bank')
    const full = viewerFrom({ role: 'reader', scope: { customers: ['kestrel freight'], others: 'full' } })
    expect(createPseudonymiser(book(), full).active).toBe(false)
  })

  it('words pseudonyms by industry: the setting as written, else from the name', () => {
    expect(industryPhrase('Northwind Airways', null)).toBe('an airline')
    expect(industryPhrase('Contoso', 'European airline')).toBe('a European airline')
    expect(industryPhrase('Contoso', 'insurer')).toBe('an insurer')
    expect(industryPhrase('Contoso', null)).toBe('a customer')
  })
})
