import type { AddressInfo } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/**
 * A real SMTP server on 127.0.0.1 (no TLS) that keeps every message it accepts; recipients whose
 * address starts with `reject` are refused (550), and with `password` set, logins must use it.
 */
export async function startSmtp(options: { password?: string } = {}) {
  const messages: { from: string; to: string[]; raw: Buffer }[] = []
  const server = new SMTPServer({
    authOptional: options.password === undefined,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, done) {
      if (auth.password === options.password) done(null, { user: auth.username })
      else done(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
    },
    onRcptTo(address, _session, done) {
      if (address.address.startsWith('reject'))
        done(Object.assign(new Error('No such user'), { responseCode: 550 }))
      else done()
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) })
        done()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.server.address() as AddressInfo
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    parsed: (): Promise<ParsedMail[]> => Promise.all(messages.map((m) => simpleParser(m.raw))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
