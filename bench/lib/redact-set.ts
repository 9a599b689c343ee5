/**
 * The redaction benchmark's own secrets set: every markup bypass and every kind `redact` must catch,
 * each as a small document with the pieces that must vanish, plus decoys that must survive. All
 * values are fake; prefixes are kept apart from bodies so secret scanners do not flag the file.
 */

/** A planted value: its document, the pieces that must all be gone from the output, its kind. */
export interface PlantedCase {
  kind: string
  file: string
  text: string
  pieces: string[]
}

/** A secret-looking value that must still be in the output. */
export interface DecoyCase {
  kind: string
  file: string
  text: string
  value: string
}

const AWS = `AKIA${'W9QX3TB7ZK2M4N5F'}`
const GH = `ghp_${'k3Lm9QxZ4vT7bN1cW6yH3jF5sD0aPeXu2MR8'}`
const JWT = `${'eyJhbGciOiJSUzI1NiJ9'}.${'eyJzdWIiOiJzdmMtYm90IiwiaWF0IjoxNzgwMDAwMDAwfQ'}.${'Zx8Kq2Lm4Np6Rs8Tu0Vw2Xy4Za6Bc8De0Fg2Hi4Jk'}`

// A literal `${DB_PASSWORD}` reference, built so it is not read as a template placeholder.
const ENV_REF = ['$', '{DB_PASSWORD}'].join('')

/** Must-redact cases, one or more per kind. */
export const PLANTED: PlantedCase[] = [
  {
    kind: 'bypass: **emphasis** split',
    file: 'a.md',
    text: `key ${AWS.slice(0, 9)}**${AWS.slice(9, 14)}**${AWS.slice(14)} works`,
    pieces: [AWS.slice(14)],
  },
  {
    kind: 'bypass: markdown escape',
    file: 'a.md',
    text: `CI uses ${GH.replace('_', '\\_')}.`,
    pieces: [GH.slice(4)],
  },
  {
    kind: 'bypass: HTML entity',
    file: 'a.md',
    text: `old key &#65;${AWS.slice(1)} revoked?`,
    pieces: [AWS.slice(1)],
  },
  {
    kind: 'bypass: HTML comment',
    file: 'p.html',
    text: `<html><body><p>hi</p><!--k=&#65;${AWS.slice(1)}--></body></html>`,
    pieces: [AWS.slice(1)],
  },
  {
    kind: 'bypass: <title>',
    file: 'p.html',
    text: `<html><head><title>Keys ${GH.slice(0, 12)}<wbr>${GH.slice(12)}</title></head><body><p>x</p></body></html>`,
    pieces: [GH.slice(12)],
  },
  {
    kind: 'bypass: <em> URL password',
    file: 'p.html',
    text: '<p>DSN postgres://etl:<em>Fj0rd-Quay-77</em>@db.example/app</p>',
    pieces: ['Fj0rd-Quay-77'],
  },
  {
    kind: 'bypass: &nbsp; card',
    file: 'a.md',
    text: 'card 5555&nbsp;5555&nbsp;5555&nbsp;4444 declined',
    pieces: ['5555&nbsp;5555', '5555 5555 5555 4444'],
  },
  {
    kind: 'bypass: JWT across lines',
    file: 'a.md',
    text: `token:\n${JWT.slice(0, 40)}\n${JWT.slice(40)}\nthanks`,
    pieces: [JWT.slice(40)],
  },
  {
    kind: 'bypass: HTML table cell',
    file: 'p.html',
    text: '<table><tr><th>Login</th><th>Password</th></tr>\n<tr><td>admin</td><td>Ha7bour-L1ght</td></tr></table>',
    pieces: ['Ha7bour-L1ght'],
  },
  {
    kind: 'bypass: zero-width space',
    file: 'a.md',
    text: `key ${AWS.slice(0, 10)}\u200B${AWS.slice(10)}`,
    pieces: [AWS.slice(10)],
  },
  { kind: 'us-ssn', file: 'a.md', text: 'Claimant SSN 219-09-9999 on form.', pieces: ['219-09-9999'] },
  {
    kind: 'us-ssn',
    file: 'a.md',
    text: 'the spreadsheet column had 536-22-8741 in it',
    pieces: ['536-22-8741'],
  },
  { kind: 'uk-ni-number', file: 'a.md', text: 'NI number: QQ 12 34 56 C', pieces: ['QQ 12 34 56 C'] },
  { kind: 'uk-ni-number', file: 'a.md', text: 'payroll ref JG103759A', pieces: ['JG103759A'] },
  { kind: 'passport-number', file: 'a.md', text: 'Passport No. 533380006 (US)', pieces: ['533380006'] },
  { kind: 'national-id', file: 'a.md', text: 'CPF 529.982.247-25 do cliente', pieces: ['529.982.247-25'] },
  {
    kind: 'iban (lower case)',
    file: 'a.md',
    text: 'pay to gb82 west 1234 5698 7654 32',
    pieces: ['5698 7654 32'],
  },
  {
    kind: 'password (db_pass:)',
    file: 'a.md',
    text: 'db:\n  db_pass: Qu4y-Side-19',
    pieces: ['Qu4y-Side-19'],
  },
  {
    kind: 'password (credentials:)',
    file: 'a.md',
    text: 'credentials: reporter/R3port-Only',
    pieces: ['R3port-Only'],
  },
  {
    kind: 'token (Authorization: Token)',
    file: 'a.md',
    text: 'curl -H "Authorization: Token 7f3a9c2e5b1d8f4a6c0e2b9d7f5a3c1e"',
    pieces: ['7f3a9c2e5b1d8f4a6c0e2b9d7f5a3c1e'],
  },
  {
    kind: 'password (prose)',
    file: 'a.md',
    text: 'On the call she said the password is Marram-Gr4ss! for now.',
    pieces: ['Marram-Gr4ss!'],
  },
  {
    kind: 'password (prose)',
    file: 'a.md',
    text: 'The root password was changed to "Sea Holly 22" last week.',
    pieces: ['Sea Holly 22'],
  },
  { kind: 'date-of-birth', file: 'a.md', text: 'DOB: 1979-03-14', pieces: ['1979-03-14'] },
  { kind: 'date-of-birth', file: 'a.md', text: 'born on 4 July 1990 in Leeds', pieces: ['4 July 1990'] },
  { kind: 'member-id', file: 'a.md', text: 'Membership number: SKY-55120947', pieces: ['SKY-55120947'] },
  {
    kind: 'person (name + DOB)',
    file: 'a.md',
    text: 'Complaint text:\nName: Ingrid Halvorsrud\nDate of birth: 21.06.1972\n\nRegards, I. Halvorsrud',
    pieces: ['Halvorsrud', '21.06.1972'],
  },
  {
    kind: 'person (name + member id)',
    file: 'a.md',
    text: 'Ticket: Tomasz Wielgosz, frequent flyer number WX-30918274, wants a refund.',
    pieces: ['Wielgosz', 'WX-30918274'],
  },
  {
    kind: 'person (name + national id)',
    file: 'a.md',
    text: 'Vendedor: Rodrigo Nascimento Lopes\nCPF: 111.444.777-35',
    pieces: ['Nascimento Lopes', '111.444.777-35'],
  },
  {
    kind: 'person (name + medical)',
    file: 'a.md',
    text: 'The nurse noted that Eleanor Whitcombe was diagnosed with epilepsy in 2019.',
    pieces: ['Whitcombe'],
  },
  {
    kind: 'person (identity table)',
    file: 'p.html',
    text: '<table><tr><th>Passenger</th><th>Date of birth</th></tr><tr><td>Henrik Solbakken</td><td>09/12/1966</td></tr></table>',
    pieces: ['Solbakken', '09/12/1966'],
  },
  {
    kind: 'person (other label + policy id)',
    file: 'a.md',
    text: 'Requester: Ngozi Eze-Bassey\nPolicy number: HX-55018237',
    pieces: ['Eze-Bassey', 'HX-55018237'],
  },
  {
    kind: 'person (after the id)',
    file: 'a.md',
    text: 'Passport no. K7720419 belongs to Thandiwe Mokoena, per the scan.',
    pieces: ['Mokoena', 'K7720419'],
  },
  { kind: 'aws-access-key', file: 'a.md', text: `export AWS_ACCESS_KEY_ID=${AWS}`, pieces: [AWS] },
  { kind: 'github-token', file: 'a.md', text: `GITHUB_TOKEN=${GH}`, pieces: [GH] },
  { kind: 'jwt', file: 'a.md', text: `Authorization: Bearer ${JWT}`, pieces: [JWT] },
]

/** Decoys: identifiers, hashes, versions, colours and documented placeholders. */
export const DECOYS: DecoyCase[] = [
  {
    kind: 'uuid',
    file: 'a.md',
    text: 'request 3b241101-e2bb-4255-8caf-4136c566a962 failed',
    value: '3b241101-e2bb-4255-8caf-4136c566a962',
  },
  {
    kind: 'git sha',
    file: 'a.md',
    text: `fixed in 9fceb02d0ae598e95dc970b74767f19372d61af8 next to ${GH}`,
    value: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  },
  { kind: 'version', file: 'a.md', text: 'upgraded connector to v3.11.2 and 4.0.0-rc.2', value: 'v3.11.2' },
  { kind: 'build number', file: 'a.md', text: 'build 2026.08.02-0915 deployed', value: '2026.08.02-0915' },
  {
    kind: 'hex colour',
    file: 'p.html',
    text: '<p style="color:#1F6FEB">ok</p><p>colour #C0FFEE</p>',
    value: '#C0FFEE',
  },
  {
    kind: 'iso datetime',
    file: 'a.md',
    text: 'paged at 2026-08-02T09:15:00Z',
    value: '2026-08-02T09:15:00Z',
  },
  {
    kind: 'placeholder key',
    file: 'a.md',
    text: 'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    value: 'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  },
  {
    kind: 'AWS example key',
    file: 'a.md',
    text: 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    value: 'AKIAIOSFODNN7EXAMPLE',
  },
  {
    kind: 'env placeholder',
    file: 'a.md',
    text: `DATABASE_URL=postgres://app:${ENV_REF}@db/app`,
    value: ENV_REF,
  },
  {
    kind: 'image digest',
    file: 'a.md',
    text: 'image@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  },
  {
    kind: 'phone-like ticket id',
    file: 'a.md',
    text: 'see INC-2026-0815 and CHG0031337',
    value: 'INC-2026-0815',
  },
  {
    kind: 'FDE author',
    file: 'a.md',
    text: '---\nauthor: Maja Lindqvist\n---\nMaja Lindqvist checked passport number 533380006.',
    value: 'Maja Lindqvist',
  },
  {
    kind: 'product name',
    file: 'a.md',
    text: 'Customer Ines Varga (DOB 1980-01-02) uses Service Cloud and Azure OpenAI.',
    value: 'Azure OpenAI',
  },
  {
    kind: 'table setting',
    file: 'a.md',
    text: '| Setting | Value |\n|---|---|\n| password_policy | strict |',
    value: 'strict',
  },
]
