/** SMTP delivery of a rendered digest through nodemailer, with failures turned into clear errors. */
import nodemailer from 'nodemailer'
import { z } from 'zod'
import type { Config } from '../config/load.ts'
import { ConfigError, MailError, ValidationError } from '../lib/errors.ts'

/** Where and to whom the digest goes. */
export interface MailSettings {
  smtpUrl: string
  from: string
  to: string[]
}

/** A rendered digest: subject plus both alternatives. */
export interface DigestMessage {
  subject: string
  text: string
  html: string
}

/** What the server accepted. */
export interface SendResult {
  messageId: string
  accepted: string[]
  rejected: string[]
}

const Recipients = z.array(z.email({ error: 'not an e-mail address' })).min(1)

/**
 * Mail settings from the config, `to` overriding FIELDKB_DIGEST_TO. Throws `ConfigError` naming
 * every missing variable, or `ValidationError` for a bad `--to` address.
 * @example const mail = mailSettings(config, ['cto@example.com'])
 */
export function mailSettings(config: Config, to?: string[]): MailSettings {
  const recipients = to && to.length > 0 ? to : config.mail.digestTo
  const checked = Recipients.safeParse(recipients)
  if (to && to.length > 0 && !checked.success) {
    const bad = to.filter((a) => !z.email().safeParse(a).success)
    throw new ValidationError(`invalid recipient: ${bad.join(', ')}`, [
      { path: ['to'], message: 'not an e-mail address' },
    ])
  }
  const missing = [
    config.mail.smtpUrl ? null : 'SMTP_URL',
    config.mail.from ? null : 'FIELDKB_MAIL_FROM',
    recipients.length > 0 ? null : 'FIELDKB_DIGEST_TO',
  ].filter((v): v is string => v !== null)
  if (missing.length > 0) {
    throw new ConfigError(`sending the digest needs ${missing.join(', ')} to be set`, [
      ...missing.map((name) => ({ path: [name], message: 'required to send the digest' })),
    ])
  }
  return { smtpUrl: config.mail.smtpUrl!, from: config.mail.from!, to: recipients }
}

/**
 * `host:port` of an SMTP URL, never its credentials.
 * @example smtpEndpoint('smtps://u:p@mail.example') // → 'mail.example:465'
 */
export function smtpEndpoint(smtpUrl: string): string {
  const url = new URL(smtpUrl)
  return `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '587')}`
}

type SmtpError = Error & { code?: string; originalCode?: string; response?: string; rejected?: string[] }

function describe(error: SmtpError): string {
  const reply = error.response ? `: ${error.response}` : ''
  const low = error.originalCode ?? error.code
  if (low === 'ECONNREFUSED') return 'connection refused (is the SMTP server running, and is the port right?)'
  switch (error.code) {
    case 'EAUTH':
      return `login rejected${reply} (check the user and password in SMTP_URL)`
    case 'ENOAUTH':
      return 'the server requires a login; put user:password in SMTP_URL'
    case 'EENVELOPE':
      return `recipient rejected${error.rejected?.length ? ` (${error.rejected.join(', ')})` : ''}${reply}`
    case 'EMESSAGE':
      return `message rejected${reply}`
    case 'ETIMEDOUT':
      return 'timed out waiting for the server'
    case 'EDNS':
      return 'the host name could not be resolved'
    case 'ETLS':
      return `TLS failed: ${error.message}`
    default:
      return `${error.message}${low ? ` (${low})` : ''}`
  }
}

function secretsOf(smtpUrl: string): string[] {
  const url = new URL(smtpUrl)
  return [url.password, decodeURIComponent(url.password)].filter((s) => s.length >= 3)
}

/**
 * Send one multipart/alternative message (text + HTML). Throws `MailError` naming the server's
 * host:port — never the password — and what went wrong.
 * @example await sendDigestMail(mailSettings(config), { subject, text, html })
 */
export async function sendDigestMail(
  mail: MailSettings,
  message: DigestMessage,
  options: { timeoutMs?: number } = {},
): Promise<SendResult> {
  const timeout = options.timeoutMs ?? 30_000
  const endpoint = smtpEndpoint(mail.smtpUrl)
  const transport = nodemailer.createTransport({
    url: mail.smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  })
  try {
    const info = await transport.sendMail({ from: mail.from, to: mail.to, ...message })
    return {
      messageId: info.messageId,
      accepted: info.accepted.map(String),
      rejected: info.rejected.map(String),
    }
  } catch (cause) {
    let text = describe(cause as SmtpError)
    for (const secret of secretsOf(mail.smtpUrl)) text = text.split(secret).join('***')
    throw new MailError(`could not send the digest via SMTP server ${endpoint}: ${text}`, {
      hint: 'check SMTP_URL (smtp://user:password@host:port), FIELDKB_MAIL_FROM and the recipients',
    })
  } finally {
    transport.close()
  }
}
