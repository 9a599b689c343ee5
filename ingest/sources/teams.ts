/**
 * Microsoft Teams channel export: Graph API `chatMessage` objects (a `value` array or a bare array;
 * replies either flat with `replyToId` or nested under `replies`). One document per thread.
 */
import { toText } from 'hast-util-to-text'
import rehypeParse from 'rehype-parse'
import { unified } from 'unified'
import { ParseError } from '../../lib/errors.ts'
import {
  type ChannelCustomerConfig,
  channelCustomer,
  DEFAULT_CHANNEL_CUSTOMERS,
} from './exports/channel-customer.ts'
import { isoDay, isoMinute } from './exports/dates.ts'
import { firstLine, htmlToMarkdown, markdownDoc } from './exports/markdown.ts'
import type { ConvertedDocument, SourceConverter } from './types.ts'

/** The parts of a Graph `chatMessage` used. */
interface ChatMessage {
  id: string
  replyToId?: string | null
  createdDateTime?: string
  messageType?: string
  deletedDateTime?: string | null
  from?: { user?: { displayName?: string } | null; application?: { displayName?: string } | null } | null
  body?: { contentType?: string; content?: string }
  replies?: ChatMessage[]
  channelIdentity?: { channelId?: string }
}

/** Whether parsed JSON looks like a Teams channel export. */
export function isTeamsJson(data: unknown): boolean {
  const list = Array.isArray(data) ? data : (data as { value?: unknown } | null)?.value
  const first = Array.isArray(list) ? list[0] : undefined
  return (
    typeof first === 'object' &&
    first !== null &&
    'id' in first &&
    'body' in first &&
    'createdDateTime' in first
  )
}

function messageText(m: ChatMessage): string {
  const content = m.body?.content ?? ''
  if (m.body?.contentType?.toLowerCase() !== 'html') return content
  return htmlToMarkdown(content)
}

function plain(html: string): string {
  return toText(unified().use(rehypeParse, { fragment: true }).parse(html), { whitespace: 'pre-wrap' })
}

/** Threads: each root with its replies, in time order. */
function threads(messages: ChatMessage[]): ChatMessage[][] {
  const flat: ChatMessage[] = []
  for (const m of messages) {
    flat.push(m)
    for (const r of m.replies ?? []) flat.push({ ...r, replyToId: r.replyToId ?? m.id })
  }
  const live = flat.filter((m) => !m.deletedDateTime && (m.messageType ?? 'message') === 'message')
  const byRoot = new Map<string, ChatMessage[]>()
  for (const m of live) {
    const root = m.replyToId ?? m.id
    const list = byRoot.get(root)
    if (list) list.push(m)
    else byRoot.set(root, [m])
  }
  const time = (m: ChatMessage) => Date.parse(m.createdDateTime ?? '') || 0
  return [...byRoot.values()].map((t) => t.sort((a, b) => time(a) - time(b)))
}

/** Options of the Teams converter. */
export interface TeamsOptions {
  channels?: ChannelCustomerConfig
}

/** A Teams converter with the given channel → customer mapping (the channel is the file name). */
export function createTeamsConverter(options: TeamsOptions = {}): SourceConverter {
  const config = options.channels ?? DEFAULT_CHANNEL_CUSTOMERS
  return {
    name: 'teams',
    extensions: ['.json'],
    convert: async (input): Promise<ConvertedDocument[]> => {
      const file = input.relPath
      let data: unknown
      try {
        data = JSON.parse(new TextDecoder().decode(input.bytes ?? new Uint8Array()))
      } catch (cause) {
        throw new ParseError(`invalid JSON: ${(cause as Error).message}`, file, { cause })
      }
      const d = data as { value?: unknown; channel?: { displayName?: unknown }; channelName?: unknown }
      const list = Array.isArray(data) ? data : d?.value
      if (!Array.isArray(list) || (list.length > 0 && !isTeamsJson(data))) {
        throw new ParseError(
          'not a Teams channel export: expected chatMessage objects (id, createdDateTime, body)',
          file,
          {
            hint: 'save the Graph response of /teams/{id}/channels/{id}/messages?$expand=replies',
          },
        )
      }
      const named = d?.channel?.displayName ?? d?.channelName
      const channel =
        typeof named === 'string' ? named : (file.split('/').pop() ?? file).replace(/\.json$/i, '')
      const customer = channelCustomer(channel, config)
      return threads(list as ChatMessage[]).map((thread) => {
        const root = thread[0] as ChatMessage
        const first = plain(root.body?.content ?? '')
        const when = (m: ChatMessage) => new Date(m.createdDateTime ?? 0)
        const title = firstLine(first) || `${channel} ${isoDay(when(root))}`
        const name = (m: ChatMessage) =>
          m.from?.user?.displayName ?? m.from?.application?.displayName ?? 'unknown'
        const body = thread
          .map((m) => `**${name(m)}** · ${isoMinute(when(m))}\n\n${messageText(m)}`)
          .join('\n\n')
        const markdown = markdownDoc(
          {
            title,
            customer,
            date: isoDay(when(root)),
            type: 'field-report',
            author: root.from?.user?.displayName,
            tags: ['teams'],
          },
          `# ${title}\n\nTeams channel ${channel}\n\n${body}`,
        )
        return { part: `${channel}/${root.id}`, markdown, warnings: [] }
      })
    },
  }
}

/** The Teams converter with the default channel → customer mapping. */
export const teamsConverter: SourceConverter = createTeamsConverter()
