/** Escaping for HTML text: the one definition the web pages, search snippets, digest and alerts use. */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Escape text for HTML element content and double- or single-quoted attribute values.
 * @example escapeHtml('<script>alert("x")</script>') // → '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}
