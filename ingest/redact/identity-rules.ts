/**
 * Rules for identity data of end users: national ids (US SSN, UK NI number, Brazilian CPF and
 * labelled ids of other countries), passport numbers, dates of birth and member/patient/policy ids.
 * Unlabelled values are only taken when their shape is distinctive and validated.
 */
import type { Rule } from './rule.ts'
import { digitCount, isCpf, isPlaceholderValue } from './validators.ts'

// What may sit between a label and its value: `: `, ` # `, ` - `, `=`, a table's ` | `, ` is `, ` was `.
const SEP = String.raw`[ \t]*(?:[:#=|\-–]|\b(?:is|was|as|of|on)\b)?[ \t]*`
// An id value: alphanumeric groups joined by single `.`, `/`, `-` or a space before a digit.
const ID_VALUE = String.raw`(?<secret>[A-Z0-9](?:[A-Z0-9]|[./-](?=[A-Z0-9])| (?=\d))*)`
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?'
const DATE = String.raw`(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?${MONTH},?[ \t]+\d{4}|${MONTH}[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4})`

/** Accepts an id with at least `min` digits and at most 24 characters; trims a trailing space. */
const idWithDigits =
  (min: number) =>
  (value: string): number | false => {
    const v = value.trimEnd()
    return !isPlaceholderValue(v) && v.length <= 24 && digitCount(v) >= min && v.length
  }

/** True for a valid SSN: no 000/666/9xx area, 00 group or 0000 serial. */
function isSsn(value: string): boolean {
  const d = value.replace(/\D/g, '')
  return d.length === 9 && !/^(?:000|666|9)/.test(d) && d.slice(3, 5) !== '00' && d.slice(5) !== '0000'
}

/** Identity rules, run after the credential rules and before the fuzzy phone rules. */
export const IDENTITY_RULES: readonly Rule[] = [
  {
    kind: 'date-of-birth',
    pattern: new RegExp(
      String.raw`(?<![A-Za-z])(?:date[ \t]+of[ \t]+birth|birth[ \t]?date|birthday|d\.?o\.?b\.?|born(?:[ \t]+on)?|geburtsdatum|geboortedatum|data[ \t]+de[ \t]+nascimento|fecha[ \t]+de[ \t]+nacimiento|date[ \t]+de[ \t]+naissance)(?![A-Za-z])${SEP}(?<secret>${DATE})`,
      'dgi',
    ),
  },
  {
    kind: 'us-ssn',
    pattern: new RegExp(
      String.raw`(?<![A-Za-z])(?:SSN|social[ \t]+security(?:[ \t]+(?:number|no\.?|#))?)(?![A-Za-z])${SEP}(?<secret>\d{3}[ -]?\d{2}[ -]?\d{4})(?!\d)`,
      'dgi',
    ),
    check: isSsn,
  },
  {
    // Unlabelled: the dashed 3-2-4 shape is distinctive once the invalid ranges are excluded.
    kind: 'us-ssn',
    pattern: /(?<![\w.-])\d{3}-\d{2}-\d{4}(?![\w-]|\.\d)/dg,
    check: isSsn,
  },
  {
    kind: 'uk-ni-number',
    pattern:
      /(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/dg,
  },
  {
    kind: 'uk-ni-number',
    pattern: new RegExp(
      String.raw`(?<![A-Za-z])(?:national[ \t]+insurance(?:[ \t]+(?:number|no\.?))?|NINO|NI[ \t]+(?:number|no\.?))${SEP}(?<secret>[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D])(?![A-Za-z0-9])`,
      'dgi',
    ),
  },
  {
    kind: 'national-id',
    pattern: /(?<![\d.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\d-])/dg,
    check: isCpf,
  },
  {
    kind: 'passport-number',
    pattern: new RegExp(
      String.raw`(?<![A-Za-z])(?:passport|passeport|reisepass|paspoort|passaporte|pasaporte)(?:[ \t]+(?:no\.?|number|num|nr\.?|#|id))?${SEP}(?<secret>[A-Z0-9]{6,9})(?![A-Za-z0-9])`,
      'dgi',
    ),
    check: (value) => digitCount(value) >= 2,
  },
  {
    // Labelled national and tax ids; acronyms are matched in capitals only (`sin`, `rg` are words).
    kind: 'national-id',
    pattern: new RegExp(
      String.raw`(?<![A-Za-z])(?:CPF|CNPJ|RG|BSN|NIF|NIE|DNI|PESEL|SIN|TIN|NHS[ \t]+(?:number|no\.?)|[Nn]ational[ \t]+(?:id(?:entity)?|identification)(?:[ \t]+(?:card|number|no\.?))?|[Tt]ax[ \t]+(?:id|number)|[Pp]ersonnummer|[Ff]ødselsnummer|[Aa]adhaar|[Cc]odice[ \t]+fiscale|[Ss]teuer-?(?:ID|[Ii]dentifikationsnummer)|[Ii][Dd][ \t]+(?:card[ \t]+)?(?:number|no\.?))(?![A-Za-z])(?:[ \t]+(?:number|no\.?|nr\.?))?${SEP}${ID_VALUE}`,
      'dg',
    ),
    check: idWithDigits(5),
  },
  {
    // Member, loyalty, patient, policy and student ids: the label names whose id it is.
    kind: 'member-id',
    pattern: new RegExp(
      String.raw`(?<![A-Za-z])(?:(?:member(?:ship)?|loyalty|frequent[ \t-]?flyer|club|rewards?|bonus[ \t]?card|patient|policy(?:holder)?|insurance|insured|student|employee|subscriber|passenger|customer|account|card(?:holder)?|health[ \t]?card|medical[ \t]+record|library[ \t]+card)[ \t]+(?:id|no\.?|number|num|nr\.?|#|code)|MRN)(?![A-Za-z])${SEP}${ID_VALUE}`,
      'dgi',
    ),
    check: idWithDigits(4),
  },
]
