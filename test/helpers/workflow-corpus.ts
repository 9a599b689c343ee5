import { markdown } from './app.ts'

/** A throttling incident at `customer` dated `date`: near-identical notes form one pattern. */
export function throttleNote(customer: string, date: string, n: number): string {
  return markdown(
    { title: `Model API throttled at ${customer} (${n})`, customer, type: 'incident', date },
    `# Model API throttled\n\n## Root cause\n\nBatch jobs exceeded the provider rate limit; every call got HTTP 429 too many requests until backoff. The nightly summariser fanned out hundreds of parallel requests per tenant, and the shared quota of the model API ran dry within minutes of the batch window opening.\n\n## Fix\n\nToken bucket limiter in front of the client, exponential backoff with jitter honouring Retry-After, and a per-tenant concurrency cap of eight so that one large batch can no longer starve the others of quota.`,
  )
}

/** Three throttling incidents at three customers, in October 2026. */
export const THROTTLE_DOCS: [string, string][] = [
  ['throttle-acme.md', throttleNote('Acme', '2026-10-01', 1)],
  ['throttle-globex.md', throttleNote('Globex', '2026-10-08', 2)],
  ['throttle-initech.md', throttleNote('=Initech', '2026-10-20', 3)],
]

const OTHER_TOPICS = [
  'The SAML identity provider clock drifted by four minutes, so assertions were not yet valid and logins failed.',
  'A forward proxy performed SSL inspection and re-signed certificates; the container did not trust its root CA.',
  'The vector index ran out of memory during a reindex because the HNSW build parameters were too large.',
  'Kafka consumer lag grew for hours after a partition rebalance left one consumer holding every partition.',
  'The PDF extractor dropped table cells spanning two pages, so invoice totals were missing in the summary.',
  'A cron schedule in the wrong time zone started the nightly export during business hours and locked tables.',
  'Disk filled on the log volume because debug logging was left on after the pilot and rotation was disabled.',
  'An expired OAuth client secret in the vault broke the CRM sync until someone rotated it by hand.',
  'The spreadsheet importer guessed the date format as month first, swapping days and months in every row.',
  'DNS resolution inside the cluster timed out under load because ndots five multiplied every lookup.',
]

/** Unrelated incidents at other customers: the background a pattern must stand out from. */
export const BACKGROUND_DOCS: [string, string][] = OTHER_TOPICS.map((text, i) => [
  `other-${i}.md`,
  markdown(
    {
      title: `Incident ${i}`,
      customer: `Customer ${String.fromCharCode(65 + i)}`,
      type: 'incident',
      date: `2026-09-${String(10 + i)}`,
    },
    `# Incident ${i}\n\n## Root cause\n\n${text}`,
  ),
])
