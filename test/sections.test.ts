import { describe, expect, it } from 'vitest'
import { chunk } from '../ingest/chunk.ts'
import { typeFromHeadings } from '../ingest/infer.ts'
import { parse } from '../ingest/parse.ts'
import { analyseSection, classifySection, headingKind, isProblemBearing } from '../ingest/sections.ts'
import type { SectionKind } from '../schemas/document.ts'

describe('classifying a heading', () => {
  it('reads headings from different writing styles as the same kinds', () => {
    const cases: [string, SectionKind][] = [
      ['Symptoms', 'problem'],
      ['What went sideways', 'other'],
      ['What broke on Tuesday', 'problem'],
      ['Observed behaviour', 'problem'],
      ['What the night shift noticed', 'problem'],
      ['What customers reported', 'problem'],
      ['What the dashboards show', 'problem'],
      ['Why it happened', 'root-cause'],
      ['Contributing factors', 'root-cause'],
      ['Root-cause analysis', 'root-cause'],
      ['How we fixed it', 'fix'],
      ['Remediation', 'fix'],
      ['What we did', 'fix'],
      ["What we're changing", 'fix'],
      ["What I'm changing", 'fix'],
      ['Temporary mitigation', 'workaround'],
      ['Workarounds', 'workaround'],
      ['Things to watch', 'edge-case'],
      ['Known weirdness', 'edge-case'],
      ['Caveats and pitfalls', 'edge-case'],
      ['Notes to self', 'edge-case'],
      ['Lessons learned', 'lesson'],
      ['Takeaways', 'lesson'],
      ['Customer impact', 'impact'],
      ['Why it matters', 'impact'],
      ['Chronology', 'timeline'],
      ['Sequence of events', 'timeline'],
      ['This week', 'status'],
      ['Next steps', 'status'],
      ['Progress update', 'status'],
      ['Background', 'background'],
      ['Architecture overview', 'background'],
      ['Setup', 'background'],
    ]
    const actual = cases.map(([h]) => [h, headingKind(h) ?? 'other'])
    expect(actual).toEqual(cases)
  })

  it('lets the cue that comes first in the heading decide', () => {
    expect(headingKind('Root cause and fix')).toBe('root-cause')
    expect(headingKind('Fix and root cause')).toBe('fix')
    expect(headingKind('Temporary fix')).toBe('workaround')
  })

  it('knows which kinds carry a problem', () => {
    expect(
      ['problem', 'root-cause', 'fix', 'workaround', 'edge-case', 'lesson', 'impact'].every((k) =>
        isProblemBearing(k as SectionKind),
      ),
    ).toBe(true)
    expect(
      ['status', 'background', 'timeline', 'other'].some((k) => isProblemBearing(k as SectionKind)),
    ).toBe(false)
  })
})

describe('classifying a section from its heading and text', () => {
  it('trusts a heading that names a problem kind whatever the text says', () => {
    expect(classifySection(['Retro', 'Why it happened'], 'The queue was sized for last year.')).toBe(
      'root-cause',
    )
  })

  it('uses the innermost telling heading and ignores the document title', () => {
    const title = 'Payment outage'
    expect(classifySection([title, 'Attendees'], 'Priya, Tom and the vendor.', { title })).toBe('background')
    expect(classifySection([title, 'Gotchas', 'Part two'], 'Mind the cache.', { title })).toBe('edge-case')
  })

  it('keeps a gotcha written up as symptom, cause and fix an edge case', () => {
    expect(classifySection(['Guide', 'Gotcha: long file names', 'Cause'], 'The agent uses an old API.')).toBe(
      'edge-case',
    )
    expect(classifySection(['Guide', 'Gotcha: long file names', 'Result'], 'Works now.')).toBe('edge-case')
  })

  it('finds the problem paragraph inside a weekly status section', () => {
    const text = [
      'Kicked off the reporting workshop with the finance team; the demo went well and we are on track.',
      'The nightly export to the ledger failed for three nights and silently dropped every row with a blank cost centre.',
      'Next week we will present the dashboard to the steering group.',
    ].join('\n\n')
    const result = analyseSection(['Week 14', 'This week'], text)
    expect(result.kind).toBe('problem')
    expect(result.source).toBe('text')
    expect(result.blocks.map((b) => b.kind)).toEqual(['status', 'problem', 'status'])
  })

  it('reads a cause or a fix stated in prose without a heading', () => {
    expect(
      classifySection(
        [],
        'It turned out the proxy was caused by an expired certificate, which is why calls failed.',
      ),
    ).toBe('root-cause')
    expect(
      classifySection(
        ['Notes'],
        'We put a workaround in place: retries are skipped for now and the job is re-run manually.',
      ),
    ).toBe('workaround')
  })

  it('keeps plain status and background prose out of the problem kinds', () => {
    const status =
      'Held the kickoff meeting, agreed the milestones and scheduled the training sessions for next week.'
    expect(classifySection(['Status'], status)).toBe('status')
    expect(classifySection([], status)).toBe('status')
    const background =
      'The warehouse runs two shifts and uses handheld scanners connected to the inventory service.'
    expect(classifySection(['Context'], background)).toBe('background')
    expect(classifySection([], background)).toBe('other')
  })

  it('needs more than one problem word before calling a paragraph a problem', () => {
    expect(
      classifySection(['Plan'], 'If the upload fails, the operator starts it again from the console.'),
    ).toBe('status')
  })

  it('reads tables as reference or status grids, not as problem reports', () => {
    const table =
      '| Item | State |\n| --- | --- |\n| VPN | failed twice, blocked because of a firewall error |'
    expect(classifySection(['Access'], table)).toBe('other')
    expect(classifySection(['Known issues'], table)).toBe('edge-case')
  })

  it('asks reference docs for stronger evidence than field notes', () => {
    const text = 'A failed login request is retried once before the client shows an error page.'
    expect(classifySection(['Notes'], text)).toBe('problem')
    expect(classifySection(['Notes'], text, { type: 'integration-doc' })).toBe('status')
  })

  it('reads headings merged into a chunk as sub-sections', () => {
    const text =
      '## Summary\n\nA short overview of the rollout.\n\n## Lessons learned\n\nAlways stage the config first.'
    expect(classifySection(['Rollout'], text)).toBe('lesson')
  })

  it('ignores heading-like lines inside code blocks', () => {
    const text = 'Run the script:\n\n```sh\n# fix permissions\nchmod 600 key\n```'
    expect(classifySection(['Setup'], text)).toBe('background')
  })

  it('gives a chronological list of timestamps the timeline kind', () => {
    const text = '- 09:02 paged the on-call engineer\n- 09:15 opened the bridge\n- 09:40 shared an update'
    expect(classifySection([], text)).toBe('timeline')
  })
})

describe('chunking where a status section turns to a problem', () => {
  const status = (n: number) =>
    `Held the planning meeting number ${n} with the operations team, agreed the milestones and scheduled the next training session for the coming week.`
  const problem =
    'The nightly export to the ledger failed for three nights and silently dropped every row with a blank cost centre, so the totals were wrong.'
  const note = `# Week 9\n\n## This week\n\n${status(1)}\n\n${status(2)}\n\n${problem}\n\n${status(3)}\n`
  const doc = parse({ path: 'example/week-9.md', content: note, mtime: new Date('2026-10-01T00:00:00Z') })

  it('gives the problem paragraph a chunk of its own, classified problem, with no status around it', () => {
    const chunks = chunk(doc, { targetTokens: 300, overlapTokens: 40 })
    const carrying = chunks.filter((c) => c.text.includes('silently dropped'))
    expect(carrying).toHaveLength(1)
    expect(carrying[0]!.text).toBe(problem)
    expect(carrying[0]!.sectionKind).toBe('problem')
    expect(
      chunks.filter((c) => c.text.includes('planning meeting')).every((c) => c.sectionKind === 'status'),
    ).toBe(true)
  })
})

describe('inferring an incident from its headings', () => {
  it('calls a document with two incident section kinds an incident, whatever the wording', () => {
    expect(typeFromHeadings(['Checkout trouble', 'Blast radius', 'Why it happened'])).toBe('incident')
    expect(typeFromHeadings(['Chronology', 'Remediation'])).toBe('incident')
    expect(typeFromHeadings(['Overview', 'Setup', 'Gotchas'])).toBeNull()
  })
})
