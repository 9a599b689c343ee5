import { describe, expect, it } from 'vitest'
import { documentParts } from '../web/document-parts.ts'
import { markdownToSafeHtml, textToSafeHtml } from '../web/markdown.ts'
import { isSafeHref } from '../web/sanitize.ts'

describe('markdownToSafeHtml', () => {
  it('shows HTML written in a note as text, never as markup', () => {
    const html = markdownToSafeHtml(
      '**bold** <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<div onclick="x">\n\n*inner*\n\n</div>',
    )
    expect(html).toContain('<strong>bold</strong>')
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>')
    expect(html).toContain('&#x3C;img src=x onerror=alert(1)>')
    expect(html).not.toMatch(/<(script|img|div)/)
    expect(html).toContain('<em>inner</em>')
  })

  it('keeps only http(s), mailto and relative link targets', () => {
    const links = [
      '[a](javascript:alert(1))',
      '[b](JAVASCRIPT:alert(1))',
      '[c](&#106;avascript:alert(1))',
      '[d](data:text/html,<b>x</b>)',
      '[e](vbscript:msgbox)',
      '<javascript:alert(1)>',
      '[f][ref]\n\n[ref]: javascript:alert(1)',
    ]
    for (const md of links) {
      const html = markdownToSafeHtml(md)
      expect(html, md).not.toMatch(/href=/)
      expect(html, md).toContain('rel="nofollow noopener noreferrer"')
    }
    const ok = markdownToSafeHtml('[x](https://example.com/?a=1&b=2) [y](/documents/1) [z](mailto:a@b.c)')
    expect(ok).toContain('href="https://example.com/?a=1&#x26;b=2"')
    expect(ok).toContain('href="/documents/1"')
    expect(ok).toContain('href="mailto:a@b.c"')
  })

  it('renders GFM (tables, task lists, code) and replaces images by their alt text', () => {
    const html = markdownToSafeHtml(
      '# Title\n\n- [x] done\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nconst a = "<b>"\n```\n\n![diagram](http://evil.example/x.png)',
    )
    expect(html).toContain('<h2>Title</h2>')
    expect(html).toContain('<input type="checkbox" checked disabled>')
    expect(html).toContain('<table>')
    expect(html).toContain('<code class="language-js">const a = "&#x3C;b>"')
    expect(html).toContain('[image: diagram]')
    expect(html).not.toContain('<img')
  })

  it('marks redactions outside code only', () => {
    const html = markdownToSafeHtml('key [REDACTED:api-key] and `[REDACTED:x]`')
    expect(html).toContain('<span class="redacted">[REDACTED:api-key]</span>')
    expect(html).toContain('<code>[REDACTED:x]</code>')
  })

  it('refuses obfuscated schemes', () => {
    for (const href of [
      ' javascript:x',
      'java\tscript:x',
      'javascript\n:x',
      'data:x',
      'file:///etc/passwd',
    ]) {
      expect(isSafeHref(href), JSON.stringify(href)).toBe(false)
    }
    for (const href of ['#x', '/a', 'a/b', 'https://x', 'http://x', 'mailto:a@b'])
      expect(isSafeHref(href)).toBe(true)
  })
})

describe('textToSafeHtml', () => {
  it('keeps paragraphs and line breaks and reads nothing as markup', () => {
    expect(textToSafeHtml('# not a heading\n*not bold* <b>x</b>\n\nsecond [REDACTED:email]')).toBe(
      '<p># not a heading<br>\n*not bold* &#x3C;b>x&#x3C;/b></p>\n<p>second <span class="redacted">[REDACTED:email]</span></p>',
    )
  })
})

describe('document parts from the stored body', () => {
  const body = '# Doc\n\nIntro.\n\n## Impact\n\nSlow pages.\n\n### Detail\n\nDeep.'
  const chunk = (ordinal: number) => ({
    id: ordinal + 1,
    ordinal,
    headingPath: [],
    text: 'x',
    tokenCount: 1,
    sectionKind: 'other' as const,
  })
  const section = (heading: string, level: number, start: number, chunks: [number, number] | null) => ({
    heading,
    level,
    parent: null,
    kind: 'impact' as const,
    start,
    end: body.length,
    chunks,
  })

  it('cuts the body at the stored sections, the title heading left out, each chunk in one part', () => {
    const parts = documentParts({
      title: 'Doc',
      body,
      sections: [
        section('Doc', 1, 0, [0, 0]),
        section('Impact', 2, body.indexOf('## Impact'), [1, 2]),
        section('Detail', 3, body.indexOf('### Detail'), [2, 2]),
      ],
      chunks: [chunk(0), chunk(1), chunk(2)],
    })
    expect(parts.map((p) => [p.heading, p.level, p.text, p.chunks.map((c) => c.ordinal)])).toEqual([
      [null, 2, 'Intro.', [0]],
      ['Impact', 2, 'Slow pages.', [1, 2]],
      ['Detail', 3, 'Deep.', []],
    ])
  })

  it('shows a body without headings as one part, and nothing when no body is stored', () => {
    expect(documentParts({ title: 'T', body: 'Just text.', sections: [], chunks: [chunk(0)] })).toMatchObject(
      [{ heading: null, text: 'Just text.', chunks: [{ ordinal: 0 }] }],
    )
    expect(documentParts({ title: 'T', body: null, sections: [], chunks: [] })).toEqual([])
  })
})
