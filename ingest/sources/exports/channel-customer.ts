/** Which customer a chat channel belongs to: configured patterns first, then its name's prefix. */
import { z } from 'zod'
import { titleCase } from './markdown.ts'

/** Channel → customer configuration (zod-validated). */
export const ChannelCustomerConfig = z
  .object({
    /** Glob patterns (`cust-acme-*`, `#acme-?`) tried in order; the first match names the customer. */
    rules: z.array(z.object({ pattern: z.string().min(1), customer: z.string().trim().min(1) })).default([]),
    /** Prefixes that mark a customer channel; the rest of the name, title-cased, is the customer. */
    prefixes: z.array(z.string().min(1)).default(['cust-', 'customer-', 'client-', 'ext-', 'shared-']),
    /** Suffixes dropped from the rest before title-casing (`cust-acme-support` → Acme). */
    suffixes: z
      .array(z.string().min(1))
      .default(['-support', '-shared', '-ext', '-eng', '-alerts', '-incidents', '-team', '-project']),
  })
  .strict()
/** A validated channel → customer configuration. */
export type ChannelCustomerConfig = z.infer<typeof ChannelCustomerConfig>

/** The default configuration: prefixes only. */
export const DEFAULT_CHANNEL_CUSTOMERS: ChannelCustomerConfig = ChannelCustomerConfig.parse({})

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/^#/, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`, 'i')
}

/**
 * The customer of a channel, or undefined for an internal channel (no rule and no prefix matched).
 * @example channelCustomer('cust-acme-support', DEFAULT_CHANNEL_CUSTOMERS) // → 'Acme'
 */
export function channelCustomer(channel: string, config: ChannelCustomerConfig): string | undefined {
  const name = channel.replace(/^#/, '').trim()
  for (const rule of config.rules) if (globToRegExp(rule.pattern).test(name)) return rule.customer
  const lower = name.toLowerCase()
  const prefix = config.prefixes.find((p) => lower.startsWith(p.toLowerCase()))
  if (prefix === undefined) return undefined
  let rest = name.slice(prefix.length)
  for (const s of config.suffixes) {
    if (rest.toLowerCase().endsWith(s.toLowerCase()) && rest.length > s.length)
      rest = rest.slice(0, -s.length)
  }
  const customer = titleCase(rest)
  return customer === '' ? undefined : customer
}
