import { describe, expect, it } from 'vitest'
import { redact } from '../ingest/redact.ts'

// Fake values, assembled from parts so secret scanners do not flag this file.
const AWS = `AKIA${'Q7ZK2M4X9TB3WF5N'}`
const GH = `ghp_${'R3dT5tT0kAbCdEfGh1jKlMnOpQr5tUvWxYz9'}`
const JWT_HEAD = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'
const JWT_BODY = 'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkZpZWxkIn0'
const JWT_SIG = 'R3dT5tT0kAbCdEfGh1jKlMnOpQr5tUvWxYz9'

/** Input, the pieces of the secret that must all be gone, and the placeholder kind expected. */
type Bypass = [name: string, input: string, pieces: string[], kind: string]

const bypasses: Bypass[] = [
  [
    'an AWS key split by **emphasis**',
    `key AKIA**Q7ZK2M4X**9TB3WF5N here`,
    ['Q7ZK2M4X', '9TB3WF5N'],
    'aws-access-key',
  ],
  [
    'an AWS key split by <b> tags',
    `key AKIA<b>Q7ZK2M4X</b>9TB3WF5N`,
    ['Q7ZK2M4X', '9TB3WF5N'],
    'aws-access-key',
  ],
  ['a markdown-escaped GitHub token', `token ${GH.replace('_', '\\_')}`, [GH.slice(4)], 'github-token'],
  ['an AWS key behind an HTML entity', `key &#65;${AWS.slice(1)}`, [AWS.slice(1)], 'aws-access-key'],
  ['an AWS key behind a hex entity', `key &#x41;${AWS.slice(1)}`, [AWS.slice(1)], 'aws-access-key'],
  [
    'an entity-encoded key inside an HTML comment',
    `<!--&#65;${AWS.slice(1)}-->`,
    [AWS.slice(1)],
    'aws-access-key',
  ],
  [
    'a key glued to markup inside <title>',
    `<title>Runbook ${GH.slice(0, 10)}<wbr>${GH.slice(10)}</title>`,
    [GH.slice(10)],
    'github-token',
  ],
  [
    'a zero-width space inside a key',
    `key ${AWS.slice(0, 8)}\u200B${AWS.slice(8)}`,
    [AWS.slice(8)],
    'aws-access-key',
  ],
  [
    'an <em>-wrapped URL password',
    'postgres://svc:<em>Hq7-fjord-2291</em>@db.example/x',
    ['Hq7-fjord-2291'],
    'password',
  ],
  [
    'a card number spaced with &nbsp;',
    'card 4111&nbsp;1111&nbsp;1111&nbsp;1111 on file',
    ['1111&nbsp;1111'],
    'payment-card',
  ],
  [
    'a JWT broken across a line',
    `jwt ${JWT_HEAD}.${JWT_BODY.slice(0, 20)}\n${JWT_BODY.slice(20)}.${JWT_SIG}\nnext line`,
    [JWT_BODY.slice(0, 20), JWT_SIG],
    'jwt',
  ],
  [
    'a JWT wrapped in its signature',
    `  token ${JWT_HEAD}.${JWT_BODY}.${JWT_SIG.slice(0, 18)}\n  ${JWT_SIG.slice(18)}`,
    [JWT_BODY, JWT_SIG.slice(18)],
    'jwt',
  ],
  [
    'a password in an HTML table cell beside a "password" header',
    '<table>\n  <tr><th>Account</th><th>Password</th></tr>\n  <tr>\n    <td>svc_etl</td>\n    <td>Gr33n!Fjord-5</td>\n  </tr>\n</table>',
    ['Gr33n!Fjord-5'],
    'password',
  ],
  [
    'a password in a markdown table column',
    '| system | user | initial password |\n|---|---|---|\n| SAP | rfc_user | Kv3ld-Sn0w |',
    ['Kv3ld-Sn0w'],
    'password',
  ],
  [
    'a password in a key-value HTML row',
    '<tr><td>Password</td><td>Harb0ur#Light</td></tr>',
    ['Harb0ur#Light'],
    'password',
  ],
  [
    'an entity-encoded key inside an HTML attribute',
    `<a title="key &#65;${AWS.slice(1)}" href="/x">x</a>`,
    [AWS.slice(1)],
    'aws-access-key',
  ],
]

describe('redaction of markup-hidden secrets', () => {
  it.each(bypasses)('redacts %s', (_name, input, pieces, kind) => {
    const result = redact(input)
    for (const piece of pieces) expect(result.text).not.toContain(piece)
    expect(result.text).toContain(`[REDACTED:${kind}]`)
    expect(result.total).toBe(1)
  })

  it('replaces a URL password with exactly one placeholder', () => {
    const out = redact(
      'see postgres://svc:<em>Hq7-fjord</em>@db.example and https://u:p&amp;ss-99@h.example/',
    ).text
    expect(out).toBe(
      'see postgres://svc:<em>[REDACTED:password]</em>@db.example and https://u:[REDACTED:password]@h.example/',
    )
  })

  it('is idempotent on normalised matches', () => {
    const once = redact(`k AKIA**Q7ZK2M4X**9TB3WF5N, card 4111&nbsp;1111&nbsp;1111&nbsp;1111`).text
    expect(redact(once)).toEqual({ text: once, counts: {}, total: 0 })
  })

  it('leaves markup-heavy text without secrets byte-identical', () => {
    const clean =
      '<p>Use <b>AKIA</b>-style keys &amp; rotate.</p> **Bold** \\_escaped\\_ `code` ~~struck~~ <!-- note -->\n' +
      '<table><tr><th>Setting</th><th>Value</th></tr><tr><td>password_policy</td><td>strict</td></tr></table>'
    expect(redact(clean)).toEqual({ text: clean, counts: {}, total: 0 })
  })
})

/** Decoys shaped like secrets that must survive untouched. */
const decoys = [
  'correlation 7c0e4b9a-2f3d-4e61-9b8a-1d5f6c7e8a90',
  'commit 4e1f0c9a7b3d2e8f6a5c4b3a2d1e0f9c8b7a6d5e',
  'build 2026.07.18-1442 at 2026-09-23T11:40:12Z',
  'ANTHROPIC_API_KEY=sk-XXXXXXXXXXXXXXXXXXXXXXXX',
  'colour #E4002B and v2.14.3',
  'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
  'image sha256:3f6a0c2d9e8b7a41c5d2e9f0b1a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal placeholder is the input under test
  'postgres://svc:${PG_PASSWORD}@db.example/app',
]

describe('decoys', () => {
  it.each(decoys)('keeps %j', (input) => {
    expect(redact(input).text).toBe(input)
  })
})

describe('names next to identity data', () => {
  it('pseudonymises a labelled name beside a date of birth, and its sign-off form', () => {
    const text =
      'My details:\nName: Annelies Verbruggen\nDate of birth: 02-11-1985\n\nKind regards, A. Verbruggen'
    const out = redact(text)
    expect(out.text).not.toMatch(/Annelies|Verbruggen|1985/)
    expect(out.counts).toMatchObject({ person: 2, 'date-of-birth': 1 })
  })

  it('pseudonymises a name in prose beside a member id', () => {
    const out = redact('Kwabena Asante, loyalty number QF-99120374, asked for a refund.').text
    expect(out).toBe('[REDACTED:person], loyalty number [REDACTED:member-id], asked for a refund.')
  })

  it('pseudonymises a name set off by commas in the sentence that gives an id, and a date of birth "as" a date', () => {
    const out = redact(
      'The caller, Tendai Moyo, gave her date of birth as 4 May 1988 and her SSN 219-09-9999.',
    )
    expect(out.text).toBe(
      'The caller, [REDACTED:person], gave her date of birth as [REDACTED:date-of-birth] and her SSN [REDACTED:us-ssn].',
    )
  })

  it('pseudonymises names beside national ids and medical details', () => {
    expect(redact('Ticket from Siobhan O’Brien (SSN 219-09-9999).').text).not.toContain('O’Brien')
    expect(redact('Patient Maria Gonzalez was diagnosed with asthma.').text).not.toContain('Gonzalez')
  })

  it.each([
    ['Customer: Jane Doe, DOB: 12/05/1980', 'Doe'],
    ['Requester: Chidi Okonkwo\nPolicy number: POL-77812345', 'Okonkwo'],
    ['National insurance number AB 12 34 56 C belongs to Gareth Evans.', 'Evans'],
    ['Mr. Olusegun Adeyemi, born 1975-04-02, called.', 'Adeyemi'],
    ['Nom: Élodie Marchand\nDate de naissance: 03/02/1991', 'Marchand'],
  ])('pseudonymises the name in %j', (text, surname) => {
    const out = redact(text)
    expect(out.text).not.toContain(surname)
    expect(out.counts.person).toBeGreaterThanOrEqual(1)
  })

  it('redacts names and identity columns of a table that holds identity data', () => {
    const md = '| Name | DOB | Member ID |\n|---|---|---|\n| Ana Ferreira Lima | 1988-02-14 | VIP-2238811 |'
    expect(redact(md).text).toBe(
      '| Name | DOB | Member ID |\n|---|---|---|\n| [REDACTED:person] | [REDACTED:date-of-birth] | [REDACTED:member-id] |',
    )
    const html =
      '<table><tr><th>Passenger</th><th>Passport</th></tr><tr><td>Lars Eriksson</td><td>P1234567</td></tr></table>'
    expect(redact(html).text).not.toMatch(/Eriksson|P1234567/)
  })

  it('keeps a name column of a table without identity data', () => {
    const md = '| Owner | Service |\n|---|---|\n| Ines Albrecht | Search |'
    expect(redact(md).text).toBe(md)
  })

  it('keeps FDE authors and product names, and names with no identity detail nearby', () => {
    const text =
      'Author: Priya Raman\n\nPriya Raman checked passport number X1234567 in Service Cloud for the traveller.\n\n' +
      'Later, Tom Becker reviewed the Azure OpenAI deployment.'
    const out = redact(text).text
    expect(out).toContain('Priya Raman checked')
    expect(out).toContain('Service Cloud')
    expect(out).toContain('Tom Becker')
    expect(out).not.toContain('X1234567')
  })

  it('does not read a prescribed burn as a medical detail', () => {
    const text =
      'During a prescribed burn on the Mark James Jones State Wildlife Area the crew called Cody Dispatch.'
    expect(redact(text).text).toBe(text)
  })
})
