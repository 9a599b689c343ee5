/**
 * Slack workspace export (the unpacked folder or its `.zip`): `channels.json`, `users.json` and one
 * folder per channel of daily `YYYY-MM-DD.json` files. One document per thread, one per channel-day
 * for unthreaded chatter; user ids become names only where `users.json` has them.
 */
import { ParseError } from '../../lib/errors.ts'
import {
  type ChannelCustomerConfig,
  channelCustomer,
  DEFAULT_CHANNEL_CUSTOMERS,
} from './exports/channel-customer.ts'
import { isoDay, isoMinute } from './exports/dates.ts'
import { type ExportFiles, inputFiles, rootOf } from './exports/files.ts'
import { firstLine, markdownDoc } from './exports/markdown.ts'
import type { ConvertedDocument, ConvertInput, SourceConverter } from './types.ts'

interface SlackMessage {
  ts: string
  thread_ts?: string
  user?: string
  username?: string
  user_profile?: { real_name?: string; display_name?: string }
  text?: string
  subtype?: string
}

/** Message subtypes that are channel bookkeeping, not conversation. */
const NOISE = new Set(['channel_join', 'channel_leave', 'channel_topic', 'channel_purpose', 'channel_name'])

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new ParseError(`invalid JSON: ${(cause as Error).message}`, file, {
      cause,
      hint: 'the Slack export file is damaged; export the workspace again',
    })
  }
}

function userNames(files: ExportFiles, root: string, file: string): Map<string, string> {
  const names = new Map<string, string>()
  const text = files.get(`${root}users.json`)
  if (text === undefined) return names
  const users = parseJson(text, `${file}/${root}users.json`)
  if (!Array.isArray(users)) return names
  for (const u of users as Record<string, unknown>[]) {
    const profile = (u.profile ?? {}) as Record<string, unknown>
    const name = [u.real_name, profile.real_name, profile.display_name, u.name].find(
      (n): n is string => typeof n === 'string' && n.trim() !== '',
    )
    if (typeof u.id === 'string' && name) names.set(u.id, name.trim())
  }
  return names
}

/** Slack mrkdwn to plain markdown: mentions, channel links and `<url|label>` links. */
function slackText(text: string, names: Map<string, string>): string {
  return text
    .replace(
      /<@([UW][A-Z0-9]+)(?:\|([^>]+))?>/g,
      (_m, id: string, label?: string) => `@${names.get(id) ?? label ?? id}`,
    )
    .replace(/<#[A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, '[$2]($1)')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function author(m: SlackMessage, names: Map<string, string>): string {
  return (m.user && names.get(m.user)) || m.user_profile?.real_name || m.username || m.user || 'unknown'
}

const tsDate = (ts: string) => new Date(Number(ts) * 1000)

function render(
  channel: string,
  messages: SlackMessage[],
  names: Map<string, string>,
  customer: string | undefined,
): string {
  const first = messages[0] as SlackMessage
  const firstText = slackText(first.text ?? '', names)
  const title = firstLine(firstText) || `#${channel} ${isoDay(tsDate(first.ts))}`
  const body = messages
    .map(
      (m) =>
        `**${author(m, names)}** · ${isoMinute(tsDate(m.ts))}\n\n${slackText(m.text ?? '', names).trim()}`,
    )
    .join('\n\n')
  const who = first.user ? names.get(first.user) : undefined
  return markdownDoc(
    { title, customer, date: isoDay(tsDate(first.ts)), type: 'field-report', author: who, tags: ['slack'] },
    `# ${title}\n\nSlack #${channel}\n\n${body}`,
  )
}

/** Messages of one channel folder, ordered by time. */
function channelMessages(files: ExportFiles, dir: string, file: string): SlackMessage[] {
  const out: SlackMessage[] = []
  for (const [name, text] of files) {
    if (!name.startsWith(dir) || !/^\d{4}-\d{2}-\d{2}\.json$/.test(name.slice(dir.length))) continue
    const day = parseJson(text, `${file}/${name}`)
    if (!Array.isArray(day)) {
      throw new ParseError(`${name} is not an array of messages`, file, {
        hint: 'each channel-day file of a Slack export holds a JSON array',
      })
    }
    for (const m of day as SlackMessage[]) {
      if (m && typeof m.ts === 'string' && !NOISE.has(m.subtype ?? '')) out.push(m)
    }
  }
  return out.sort((a, b) => Number(a.ts) - Number(b.ts))
}

/** Group a channel's messages into threads and channel-days. */
function group(channel: string, messages: SlackMessage[]): Map<string, SlackMessage[]> {
  const replied = new Set(messages.filter((m) => m.thread_ts && m.thread_ts !== m.ts).map((m) => m.thread_ts))
  const groups = new Map<string, SlackMessage[]>()
  for (const m of messages) {
    const thread = m.thread_ts && replied.has(m.thread_ts) ? m.thread_ts : undefined
    const part = thread ? `${channel}/${thread}` : `${channel}/${isoDay(tsDate(m.ts))}`
    const list = groups.get(part)
    if (list) list.push(m)
    else groups.set(part, [m])
  }
  return groups
}

/** Options of the Slack converter. */
export interface SlackOptions {
  channels?: ChannelCustomerConfig
}

/** A Slack converter with the given channel → customer mapping. */
export function createSlackConverter(options: SlackOptions = {}): SourceConverter {
  const config = options.channels ?? DEFAULT_CHANNEL_CUSTOMERS
  return {
    name: 'slack',
    extensions: ['.zip'],
    matchesDir: (entries) => entries.includes('channels.json') && entries.includes('users.json'),
    convert: async (input: ConvertInput): Promise<ConvertedDocument[]> => {
      const file = input.relPath
      const files = await inputFiles(input, (n) => n.endsWith('.json'))
      const root = rootOf(files.keys(), 'channels.json')
      if (root === undefined) {
        throw new ParseError('not a Slack export: no channels.json', file, {
          hint: 'export the workspace from Slack (Settings → Import/Export data) and ingest the zip or its folder',
        })
      }
      const channels = parseJson(files.get(`${root}channels.json`) ?? '', `${file}/${root}channels.json`)
      if (!Array.isArray(channels)) throw new ParseError('channels.json is not an array of channels', file)
      // Private channels of a full export are listed in groups.json, each with its own folder too.
      const groups = files.has(`${root}groups.json`)
        ? parseJson(files.get(`${root}groups.json`) ?? '', `${file}/${root}groups.json`)
        : []
      if (Array.isArray(groups)) channels.push(...groups)
      const names = userNames(files, root, file)
      const docs: ConvertedDocument[] = []
      for (const c of channels as { name?: unknown }[]) {
        if (typeof c?.name !== 'string') continue
        const customer = channelCustomer(c.name, config)
        for (const [part, msgs] of group(c.name, channelMessages(files, `${root}${c.name}/`, file))) {
          docs.push({ part, markdown: render(c.name, msgs, names, customer), warnings: [] })
        }
      }
      return docs
    },
  }
}

/** The Slack converter with the default channel → customer mapping. */
export const slackConverter: SourceConverter = createSlackConverter()
