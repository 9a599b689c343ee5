import { describe, expect, it } from 'vitest'
import { patternTitles, type TitleMember, termsTitle } from '../insights/title.ts'
import { readable, sentences } from '../insights/title-text.ts'
import type { SectionKind } from '../schemas/document.ts'

/** A constructed member: document title, section heading, kind and text. */
const member = (
  documentId: number,
  path: string[],
  text: string,
  sectionKind: SectionKind = 'problem',
  customer = `Customer ${String.fromCharCode(64 + documentId)}`,
  similarity = 0.8,
): TitleMember => ({ documentId, headingPath: path, text, sectionKind, customer, similarity })

const title = (members: TitleMember[], terms: string[], fallback = 'fallback') =>
  patternTitles([{ members, terms }], new Set(), [fallback])[0]

describe('readable pattern titles', () => {
  it('takes a document title that names the problem with two of the pattern terms', () => {
    const members = [
      member(
        1,
        ['Postmortem: queue consumers starved by stuck leases', 'Remediation'],
        'Leases now expire after a minute and consumers renew them.',
        'fix',
      ),
      member(
        2,
        ['Weekly notes', 'Leases'],
        'The lease table keeps every consumer lease until a heartbeat renews it.',
        'root-cause',
      ),
      member(3, ['Notes, week 12', 'Queue'], 'Consumers renew leases on a timer.', 'root-cause'),
    ]
    expect(title(members, ['lease', 'consumers', 'queue', 'heartbeat'])).toBe(
      'Queue consumers starved by stuck leases',
    )
  })

  it('prefers a problem sentence naming a symptom to a fix or a description of how things work', () => {
    const members = [
      member(
        1,
        ['Doc', 'Fix'],
        'Cache keys now include the tenant id. The cache is sharded by region.',
        'fix',
      ),
      member(
        2,
        ['Doc', 'Notes'],
        'The cache stores each page with its tenant id. Cached pages were served to the wrong tenant.',
      ),
      member(3, ['Doc', 'Notes'], 'The cache is warmed every night by a job.', 'background'),
    ]
    expect(title(members, ['cache', 'tenant', 'pages'])).toBe('Cached pages were served to the wrong tenant')
  })

  it('looks past an opening sentence that only names the customer', () => {
    const members = [
      member(
        1,
        [''],
        'Customer A. A stale routing table caused requests to time out in two regions.',
        'problem',
        'Customer A',
      ),
      member(2, [''], 'Customer B. The routing table was stale for hours.', 'problem', 'Customer B'),
      member(3, [''], 'Customer C. Routing changes were slow to propagate.', 'problem', 'Customer C'),
    ]
    expect(title(members, ['routing', 'table', 'stale'])).toBe('The routing table was stale for hours')
  })

  it('rejects questions, first-person text, leading discourse and dangling fragments', () => {
    const members = [
      member(1, ['Doc', 'What had changed'], 'We also could not see the broken webhook retries in our logs.'),
      member(
        2,
        ['Doc', 'Why the webhook retries behaved differently'],
        'With webhook retries piling up in the first minutes of.',
      ),
      member(3, ['Doc', 'Notes'], 'Three things stacked up: webhook retries doubled every order.'),
    ]
    expect(title(members, ['webhook', 'retries', 'order'])).toBe('Webhook retries doubled every order')
  })

  it('skips text naming a customer by its initials', () => {
    const members = [
      member(1, ['Doc', 'Notes'], 'GPSU nightly exports failed.', 'problem', 'Great Plains State University'),
      member(2, ['Doc', 'Notes'], 'Nightly exports failed with a timeout.', 'problem', 'Other Org'),
    ]
    expect(title(members, ['exports', 'nightly'])).toBe('Nightly exports failed with a timeout')
  })

  it('falls back to the terms in readable form: phrases first, two at most', () => {
    expect(termsTitle(['server', 'data loss', 'leak'])).toBe('Data loss · server')
    expect(termsTitle(['pool', 'pgbouncer', 'timeouts'])).toBe('Pool · pgbouncer')
    const texts = [
      'The control plane was down.',
      'Control plane errors for an hour.',
      'Control of the plane.',
    ]
    expect(termsTitle(['control', 'plane', 'outage'], texts)).toBe('Control plane · outage')
  })

  it('tells complete titles from fragments, hyphenated words included', () => {
    expect(readable('In-memory cache evicted hot keys')).toBe(true)
    expect(readable('Exports to us-east-1 failed nightly')).toBe(true)
    expect(readable('In the first minutes after the deploy')).toBe(false)
    expect(readable('Requests rejected by the gateway for')).toBe(false)
    expect(readable('Jobs rejected with "quota exceeded')).toBe(false)
    expect(readable('WHY THE SYNC FAILED')).toBe(false)
  })

  it('never offers a sentence cut off by the length limit', () => {
    const long = `${'Filler words stand here. '.repeat(31)}Webhook retries doubled every single order overnight.`
    expect(sentences(long, 800).some((x) => x.startsWith('Webhook'))).toBe(false)
    expect(sentences(long, 2000).at(-1)).toBe('Webhook retries doubled every single order overnight')
  })
})
