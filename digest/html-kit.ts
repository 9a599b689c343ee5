/**
 * Building blocks for e-mail HTML: escaping, safe links, and inline styles. Mail clients (Gmail,
 * Outlook) drop or ignore `<style>` blocks, web fonts and remote images, so every element carries
 * its own `style` attribute and the layout is nested tables.
 */
import { escapeHtml } from '../lib/html.ts'

/** `url` escaped for an `href`, or `#` unless it is http(s) (no `javascript:` links, whatever the data). */
export function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : '#'
}

/** Font stack available in every mail client without downloads. */
export const FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif"

/** Inline styles by role. */
export const S = {
  body: 'margin:0;padding:0;background-color:#f3f4f6;',
  outer: 'background-color:#f3f4f6;',
  card: 'width:100%;max-width:640px;background-color:#ffffff;border:1px solid #e5e7eb;border-collapse:separate;',
  header: `${FONT};padding:24px 28px 8px 28px;`,
  kicker: `${FONT};font-size:12px;letter-spacing:1px;text-transform:uppercase;color:#6b7280;margin:0;`,
  title: `${FONT};font-size:22px;line-height:28px;font-weight:bold;color:#111827;margin:4px 0 0 0;`,
  muted: `${FONT};font-size:13px;line-height:19px;color:#6b7280;`,
  section: `${FONT};padding:20px 28px 4px 28px;`,
  h2: `${FONT};font-size:15px;line-height:20px;font-weight:bold;color:#111827;margin:0 0 8px 0;border-bottom:1px solid #e5e7eb;padding-bottom:6px;`,
  text: `${FONT};font-size:14px;line-height:21px;color:#1f2937;`,
  summary: `${FONT};font-size:15px;line-height:23px;color:#1f2937;margin:0;`,
  stat: `${FONT};padding:12px 8px;text-align:center;vertical-align:top;background-color:#f9fafb;border:1px solid #e5e7eb;`,
  statValue: `${FONT};font-size:24px;line-height:28px;font-weight:bold;color:#111827;`,
  statLabel: `${FONT};font-size:12px;line-height:16px;color:#6b7280;`,
  row: `${FONT};padding:8px 0;border-bottom:1px solid #f3f4f6;font-size:14px;line-height:20px;color:#1f2937;vertical-align:top;`,
  link: 'color:#1d4ed8;text-decoration:underline;',
  note: `${FONT};font-size:13px;line-height:19px;color:#713f12;background-color:#fef9c3;border:1px solid #fde68a;padding:8px 10px;margin:0;`,
  footer: `${FONT};padding:20px 28px 24px 28px;font-size:12px;line-height:18px;color:#6b7280;`,
} as const

const BADGE_COLOURS: Record<string, string> = {
  sev1: '#b91c1c',
  sev2: '#c2410c',
  new: '#7c3aed',
  rising: '#b91c1c',
  steady: '#4b5563',
  fading: '#047857',
  regressed: '#be123c',
  acknowledged: '#1d4ed8',
  planned: '#7c3aed',
  fixed: '#047857',
}

/** A small coloured label (severity, trend). */
export function badge(text: string): string {
  const colour = BADGE_COLOURS[text] ?? '#4b5563'
  return `<span style="${FONT};display:inline-block;padding:1px 6px;font-size:11px;line-height:16px;font-weight:bold;color:#ffffff;background-color:${colour};border-radius:3px;">${escapeHtml(text)}</span>`
}

/** A link whose text and href are both escaped. */
export function link(url: string, text: string): string {
  return `<a href="${safeHref(url)}" style="${S.link}">${escapeHtml(text)}</a>`
}
