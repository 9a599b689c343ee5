/** The e-mail for one alert event: subject, plain text and escaped HTML (stored, redacted text only). */
import { link, S } from '../digest/html-kit.ts'
import type { DigestMessage } from '../digest/send.ts'
import { escapeHtml as e } from '../lib/html.ts'
import type { AlertEvent } from '../schemas/alerts.ts'

function headline(ev: AlertEvent): string {
  switch (ev.type) {
    case 'search.match':
      return `New document matches your saved search "${ev.alert.query}"`
    case 'pattern.member':
      return `A document joined the pattern "${ev.pattern?.label}"`
    case 'pattern.customers':
      return `Pattern "${ev.pattern?.label}" reached ${ev.pattern?.customerCount} customers`
  }
}

/**
 * Subject, text and HTML for an alert e-mail.
 * @example const msg = alertMessage(event); await sendDigestMail(mail, msg)
 */
export function alertMessage(ev: AlertEvent): DigestMessage {
  const title = headline(ev)
  const lines = [title, '']
  const html: string[] = [`<p style="${S.title}">${e(title)}</p>`]
  if (ev.document) {
    const d = ev.document
    lines.push(
      `${d.title}`,
      `  ${d.customer} · ${d.type} · ${d.date}`,
      ...(d.excerpt ? [`  ${d.excerpt}`] : []),
      `  ${d.url}`,
      '',
    )
    html.push(
      `<p style="${S.text}"><strong>${link(d.url, d.title)}</strong></p>`,
      `<p style="${S.muted}">${e(`${d.customer} · ${d.type} · ${d.date}`)}</p>`,
      d.excerpt ? `<p style="${S.text}">${e(d.excerpt)}</p>` : '',
    )
  }
  if (ev.pattern) {
    const p = ev.pattern
    lines.push(
      `Pattern: ${p.label} (${p.customerCount} customers: ${p.customers.join(', ')})`,
      `  ${p.url}`,
      '',
    )
    html.push(
      `<p style="${S.text}">Pattern: ${link(p.url, p.label)}</p>`,
      `<p style="${S.muted}">${e(`${p.customerCount} customers: ${p.customers.join(', ')}`)}</p>`,
    )
  }
  lines.push(
    `-- fieldkb alert #${ev.alert.id} (${ev.alert.kind}); remove it with: fieldkb alerts remove ${ev.alert.id}`,
  )
  html.push(
    `<p style="${S.footer}">fieldkb alert #${e(ev.alert.id)} (${e(ev.alert.kind)}) · ${e(ev.eventKey)}</p>`,
  )
  return {
    subject: `fieldkb alert — ${title}`,
    text: `${lines.join('\n')}\n`,
    html: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title></head><body style="${S.body}"><div style="${S.section}">${html.join('')}</div></body></html>`,
  }
}
