import { describe, expect, it } from 'vitest'
import { renderChunks, withoutOverlap } from '../web/document-text.ts'
import { markdownToSafeHtml } from '../web/markdown.ts'
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

describe('document text from chunks', () => {
  it('cuts the overlap a chunk repeats from the previous chunk of its section', () => {
    expect(
      withoutOverlap(
        'A. The proxy re-signed every certificate.',
        'The proxy re-signed every certificate. Next.',
      ),
    ).toBe('Next.')
    expect(withoutOverlap('Short. Tail.', 'Tail. Next.')).toBe('Tail. Next.')
    expect(withoutOverlap('Nothing shared here at all.', 'Completely different text.')).toBe(
      'Completely different text.',
    )
  })

  it('shows each new heading once, leaving out the document title', () => {
    const chunk = (ordinal: number, headingPath: string[], text: string) => ({
      id: ordinal + 1,
      ordinal,
      headingPath,
      text,
      tokenCount: 10,
      sectionKind: 'other' as const,
    })
    const rendered = renderChunks('Doc', [
      chunk(0, ['Doc'], 'Intro.'),
      chunk(1, ['Doc', 'Impact'], 'The proxy re-signed every certificate here.'),
      chunk(2, ['Doc', 'Impact'], 'The proxy re-signed every certificate here. More impact.'),
      chunk(3, ['Doc', 'Impact', 'Detail'], 'Deep.'),
    ])
    expect(rendered.map((r) => r.headings)).toEqual([
      [],
      [{ level: 2, text: 'Impact' }],
      [],
      [{ level: 3, text: 'Detail' }],
    ])
    expect(rendered[2]!.html).toBe('<p>More impact.</p>')
  })
})
