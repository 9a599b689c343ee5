import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChannelCustomerConfig, channelCustomer } from '../ingest/sources/exports/channel-customer.ts'
import { EXPORT_CONVERTERS } from '../ingest/sources/exports.ts'
import { createSlackConverter, slackConverter } from '../ingest/sources/slack.ts'
import { teamsConverter } from '../ingest/sources/teams.ts'
import { ParseError } from '../lib/errors.ts'
import { convert, GITHUB_TOKEN, part, prepare } from './helpers/sources.ts'

const day1 = Date.UTC(2026, 2, 3, 9, 15) / 1000
const ts = (offsetMinutes: number) => `${day1 + offsetMinutes * 60}.000100`

const users = [
  { id: 'U01ALICE', name: 'alice', real_name: 'Alice Moreau' },
  { id: 'U02BOB', name: 'bob', profile: { real_name: 'Bob Tanaka' } },
]
const channels = [
  { id: 'C1', name: 'cust-acme-support' },
  { id: 'C2', name: 'ext-globex' },
  { id: 'C3', name: 'random' },
]
const acmeDay1 = [
  { type: 'message', subtype: 'channel_join', user: 'U01ALICE', text: '<@U01ALICE> has joined', ts: ts(-5) },
  {
    type: 'message',
    user: 'U01ALICE',
    text: 'Kafka consumer lag on the Acme ingest cluster\nLag hit 2M messages after the broker upgrade.',
    ts: ts(0),
    thread_ts: ts(0),
    reply_count: 2,
  },
  {
    type: 'message',
    user: 'U02BOB',
    text: `Raised fetch.max.bytes, <@U01ALICE> please check. Token was ${GITHUB_TOKEN}`,
    ts: ts(3),
    thread_ts: ts(0),
  },
  { type: 'message', user: 'U099GHOST', text: 'standup moved to 10:30', ts: ts(30) },
]
const acmeDay2 = [
  {
    type: 'message',
    user: 'U01ALICE',
    text: 'Confirmed fixed, lag back to zero. cc <@U099GHOST>',
    ts: ts(24 * 60),
    thread_ts: ts(0),
  },
]

function writeSlack(root: string, broken?: string): void {
  writeFileSync(path.join(root, 'channels.json'), JSON.stringify(channels))
  writeFileSync(path.join(root, 'users.json'), JSON.stringify(users))
  mkdirSync(path.join(root, 'cust-acme-support'))
  writeFileSync(path.join(root, 'cust-acme-support', '2026-03-03.json'), broken ?? JSON.stringify(acmeDay1))
  writeFileSync(path.join(root, 'cust-acme-support', '2026-03-04.json'), JSON.stringify(acmeDay2))
  mkdirSync(path.join(root, 'ext-globex'))
  writeFileSync(
    path.join(root, 'ext-globex', '2026-03-05.json'),
    JSON.stringify([
      { type: 'message', user: 'U02BOB', text: 'Globex SSO cutover done', ts: ts(2 * 24 * 60) },
    ]),
  )
}

describe('Slack workspace export', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fieldkb-slack-'))
    mkdirSync(path.join(dir, 'export'))
    writeSlack(path.join(dir, 'export'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is recognised as a folder by its channels.json and users.json', () => {
    const folder = EXPORT_CONVERTERS.find((c) => c.matchesDir)
    expect(folder?.matchesDir?.(['channels.json', 'users.json', 'general'])).toBe(true)
    expect(folder?.matchesDir?.(['notes.md', 'users.json'])).toBe(false)
  })

  it('makes one document per thread, with replies from later days, and one per channel-day of chatter', async () => {
    const docs = await convert(slackConverter, 'export', undefined, path.join(dir, 'export'))
    expect(docs.map((d) => d.part).sort()).toEqual([
      `cust-acme-support/${ts(0)}`,
      'cust-acme-support/2026-03-03',
      'ext-globex/2026-03-05',
    ])
    const thread = prepare(part(docs, `cust-acme-support/${ts(0)}`), 'export')
    expect(thread.parsed.title).toBe('Kafka consumer lag on the Acme ingest cluster')
    expect(thread.parsed.customer).toBe('Acme')
    expect(thread.parsed.date).toBe('2026-03-03')
    expect(thread.parsed.author).toBe('Alice Moreau')
    expect(thread.body).toContain('Confirmed fixed, lag back to zero')
    expect(thread.body).toContain('please check')
    expect(thread.body).not.toContain('has joined')
  })

  it('resolves user ids to names only where users.json has them', async () => {
    const docs = await convert(slackConverter, 'export', undefined, path.join(dir, 'export'))
    const thread = part(docs, `cust-acme-support/${ts(0)}`).markdown
    expect(thread).toContain('**Bob Tanaka**')
    expect(thread).toContain('@Alice Moreau please check')
    expect(thread).toContain('cc @U099GHOST')
    expect(part(docs, 'cust-acme-support/2026-03-03').markdown).toContain('**U099GHOST**')
  })

  it('redacts secrets posted in a thread before anything is stored', async () => {
    const docs = await convert(slackConverter, 'export', undefined, path.join(dir, 'export'))
    const thread = prepare(part(docs, `cust-acme-support/${ts(0)}`), 'export')
    expect(thread.redactions['github-token']).toBe(1)
    expect(thread.body).not.toContain(GITHUB_TOKEN)
    expect(thread.chunks.map((c) => c.text).join('\n')).not.toContain(GITHUB_TOKEN)
  })

  it('keeps a title that starts with a secret a redacted string', async () => {
    const files: Record<string, Uint8Array> = {
      'channels.json': strToU8(JSON.stringify([{ id: 'C1', name: 'cust-acme' }])),
      'users.json': strToU8('[]'),
      'cust-acme/2026-03-03.json': strToU8(
        JSON.stringify([{ type: 'message', user: 'U1', text: `${GITHUB_TOKEN} leaked in CI`, ts: ts(0) }]),
      ),
    }
    const zip = EXPORT_CONVERTERS.find((c) => c.extensions.includes('.zip'))!
    const [doc] = await convert(zip, 'slack.zip', zipSync(files))
    const prepared = prepare(doc!, 'slack.zip')
    expect(prepared.parsed.title).toBe('[REDACTED:github-token] leaked in CI')
    expect(prepared.parsed.warnings.map((w) => w.code)).not.toContain('frontmatter-malformed')
  })

  it('reads the same export as a zip, wrapped in a top folder', async () => {
    const files: Record<string, Uint8Array> = {
      'Acme Slack export/channels.json': strToU8(JSON.stringify(channels)),
      'Acme Slack export/users.json': strToU8(JSON.stringify(users)),
      'Acme Slack export/cust-acme-support/2026-03-03.json': strToU8(JSON.stringify(acmeDay1)),
    }
    const zip = EXPORT_CONVERTERS.find((c) => c.extensions.includes('.zip'))!
    const docs = await convert(zip, 'slack.zip', zipSync(files))
    expect(docs.map((d) => d.part).sort()).toEqual([
      `cust-acme-support/${ts(0)}`,
      'cust-acme-support/2026-03-03',
    ])
    expect(prepare(docs[0]!, 'slack.zip').parsed.customer).toBe('Acme')
  })

  it('maps channels to customers by configured pattern before the prefix rule', async () => {
    const channelsConfig = ChannelCustomerConfig.parse({
      rules: [{ pattern: '#ext-glob*', customer: 'Globex Corp' }],
    })
    const docs = await convert(
      createSlackConverter({ channels: channelsConfig }),
      'export',
      undefined,
      path.join(dir, 'export'),
    )
    expect(prepare(part(docs, 'ext-globex/2026-03-05'), 'export').parsed.customer).toBe('Globex Corp')
    expect(channelCustomer('customer-initech-eng', channelsConfig)).toBe('Initech')
    expect(channelCustomer('random', channelsConfig)).toBeUndefined()
    expect(() => ChannelCustomerConfig.parse({ rules: [{ pattern: '', customer: 'X' }] })).toThrow()
  })

  it('names the file and what is wrong when a channel-day file is not JSON', async () => {
    const bad = mkdtempSync(path.join(tmpdir(), 'fieldkb-slack-bad-'))
    try {
      writeSlack(bad, '[{"ts": "1",')
      const error = await convert(slackConverter, 'bad-export', undefined, bad).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ParseError)
      expect((error as Error).message).toMatch(
        /bad-export\/cust-acme-support\/2026-03-03\.json: invalid JSON/,
      )
    } finally {
      rmSync(bad, { recursive: true, force: true })
    }
  })
})

const teamsExport = {
  channel: { displayName: 'cust-initech' },
  value: [
    {
      id: '1700000000001',
      replyToId: null,
      messageType: 'message',
      createdDateTime: '2026-04-07T08:00:00Z',
      from: { user: { displayName: 'Dana Whitfield' } },
      body: {
        contentType: 'html',
        content: '<p>SAML login loops for Initech users</p><p>Started after the IdP cert rotation.</p>',
      },
      replies: [
        {
          id: '1700000000003',
          createdDateTime: '2026-04-07T08:20:00Z',
          from: { user: { displayName: 'Raj Patel' } },
          body: {
            contentType: 'html',
            content: '<p>Re-imported the <b>new signing cert</b>; mail ops@initech.example if it recurs</p>',
          },
        },
      ],
    },
    {
      id: '1700000000002',
      replyToId: '1700000000001',
      createdDateTime: '2026-04-07T08:10:00Z',
      from: { user: { displayName: 'Dana Whitfield' } },
      body: { contentType: 'text', content: 'Affects only the EU tenant.' },
    },
    {
      id: '1700000000009',
      createdDateTime: '2026-04-09T12:00:00Z',
      from: { user: { displayName: 'Raj Patel' } },
      body: { contentType: 'html', content: '<div>Quarterly review scheduled</div>' },
    },
    {
      id: '1700000000010',
      messageType: 'systemEventMessage',
      createdDateTime: '2026-04-09T12:01:00Z',
      body: { content: '' },
    },
  ],
}

describe('Microsoft Teams channel export', () => {
  it('makes one document per thread from nested and flat replies, in time order', async () => {
    const docs = await convert(teamsConverter, 'teams/initech.json', JSON.stringify(teamsExport))
    expect(docs.map((d) => d.part)).toEqual(['cust-initech/1700000000001', 'cust-initech/1700000000009'])
    const thread = prepare(docs[0]!, 'teams')
    expect(thread.parsed.title).toBe('SAML login loops for Initech users')
    expect(thread.parsed.customer).toBe('Initech')
    expect(thread.parsed.date).toBe('2026-04-07')
    expect(thread.parsed.author).toBe('Dana Whitfield')
    const body = thread.body
    expect(body.indexOf('Affects only the EU tenant')).toBeLessThan(body.indexOf('new signing cert'))
    expect(body).toContain('**new signing cert**')
    expect(body).not.toContain('<p>')
  })

  it('redacts e-mail addresses in message bodies', async () => {
    const docs = await convert(teamsConverter, 'teams/initech.json', JSON.stringify(teamsExport))
    const thread = prepare(docs[0]!, 'teams')
    expect(thread.body).not.toContain('ops@initech.example')
    expect(thread.redactions.email).toBe(1)
  })

  it('takes the channel from the file name when the export does not name it', async () => {
    const { channel: _drop, ...rest } = teamsExport
    const docs = await convert(teamsConverter, 'teams/cust-hooli-support.json', JSON.stringify(rest))
    expect(prepare(docs[1]!, 'teams').parsed.customer).toBe('Hooli')
  })

  it('refuses JSON that is not chat messages, naming the file', async () => {
    const error = await convert(teamsConverter, 'teams/odd.json', '{"value":[{"foo":1}]}').catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ParseError)
    expect((error as Error).message).toMatch(/^teams\/odd\.json: not a Teams channel export/)
    const broken = await convert(teamsConverter, 'teams/cut.json', '{"value":[').catch((e: unknown) => e)
    expect((broken as Error).message).toMatch(/^teams\/cut\.json: invalid JSON/)
  })
})
