/**
 * Checksums and shape tests that turn "looks like" matches into confident ones.
 */

/** True when a digit string passes the Luhn (mod 10) check used by payment cards. */
export function luhnValid(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

// Card numbers are only accepted under issuer prefixes (Visa, Mastercard incl. 2221–2720, Amex,
// Diners, JCB, Discover, UnionPay, Maestro), so 13-digit epoch-millisecond timestamps and
// yyyymmddhhmmss stamps that happen to pass Luhn are not mistaken for cards.
const CARD_ISSUER_PREFIX = /^(?:[3-6]|222[1-9]|22[3-9]|2[3-6]|27[01]|2720)/

/** True when `candidate` (digits with optional spaces/dashes) is a plausible payment card number. */
export function isPaymentCard(candidate: string): boolean {
  const digits = candidate.replace(/[ -]/g, '')
  return digits.length >= 13 && digits.length <= 19 && CARD_ISSUER_PREFIX.test(digits) && luhnValid(digits)
}

// IBAN length per country from the ISO 13616 / SWIFT IBAN registry.
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 ' +
    'EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 ' +
    'JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 ' +
    'NO15 OM23 PK24 PL28 PS29 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 ' +
    'TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
)

/** ISO 7064 mod-97 remainder of an IBAN with its first four characters moved to the end. */
function ibanRemainder(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4)
  let rem = 0
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0)
    const value = code <= 57 ? code - 48 : code - 55
    rem = (rem * (value > 9 ? 100 : 10) + value) % 97
  }
  return rem
}

/**
 * Length of the leading IBAN in `candidate` (which may carry spaces and trailing words), or 0 when
 * there is none: the country's registered length must end on a group boundary and pass mod-97.
 */
export function ibanPrefixLength(candidate: string): number {
  const length = IBAN_LENGTHS.get(candidate.slice(0, 2))
  if (length === undefined) return 0
  let compact = ''
  let end = 0
  while (end < candidate.length && compact.length < length) {
    const ch = candidate[end]!
    if (ch !== ' ') compact += ch
    end++
  }
  if (compact.length !== length || (end < candidate.length && candidate[end] !== ' ')) return 0
  return ibanRemainder(compact) === 1 ? end : 0
}

/** True when the number of digits in `text` lies within [min, max]. */
export function digitCountBetween(text: string, min: number, max: number): boolean {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) n++
  }
  return n >= min && n <= max
}

/** True when every octet of a dotted quad is at most 255. */
export function isIpv4(candidate: string): boolean {
  return candidate.split('.').every((octet) => Number(octet) <= 255)
}

// Syntactic placeholders only. Dictionary words such as `changeme` or `password` are deliberately
// NOT treated as placeholders: a default password left in place on a customer system is still a
// live credential, and over-redacting costs less than leaking it.
const PLACEHOLDER_VALUES: readonly RegExp[] = [
  /^<[^<>]*>$/, // <your-password>
  /^\$\{.*\}$/, // ${DB_PASSWORD}, ${{ secrets.TOKEN }}
  /^\$\(.*\)$/, // $(vault read …)
  /^\$[A-Za-z_]\w*$/, // $DB_PASSWORD
  /^%[A-Za-z_]\w*%$/, // %DB_PASSWORD%
  /^\{\{.*\}\}$/, // {{ db_password }}
  /^(?:\*+|•+|…|\.{3,}|x{3,}|X{3,})$/, // masks: ****, xxxx, ...
  /^(?:null|nil|none|undefined|true|false|~|n\/a)$/i, // YAML/JSON non-values
  /^your[-_ ]/i, // your-api-key-here
  /^\[REDACTED\b/i, // already masked by another tool
  /^[A-Za-z]{0,12}[-_]?([A-Za-z0-9])\1{7,}$/, // sk-XXXXXXXXXXXX, ghp_xxxxxxxx, 00000000: filler, not a key
]

/** True when an assigned value is obviously not a real secret (empty, templated, masked, null). */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim()
  return v === '' || PLACEHOLDER_VALUES.some((re) => re.test(v))
}

/** True when an 11-digit Brazilian CPF (dots and dash allowed) has valid check digits. */
export function isCpf(candidate: string): boolean {
  const d = candidate.replace(/[.\- ]/g, '')
  if (!/^\d{11}$/.test(d) || /^(\d)\1{10}$/.test(d)) return false
  const digit = (len: number): number => {
    let sum = 0
    for (let i = 0; i < len; i++) sum += Number(d[i]) * (len + 1 - i)
    const r = (sum * 10) % 11
    return r === 10 ? 0 : r
  }
  return digit(9) === Number(d[9]) && digit(10) === Number(d[10])
}

/** Number of ASCII digits in `text`. */
export function digitCount(text: string): number {
  return text.replace(/\D/g, '').length
}
