/** Locale-independent ordering, so results never depend on the machine's ICU data or language. */

/** Compare two strings by UTF-16 code units (what `<` does). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
