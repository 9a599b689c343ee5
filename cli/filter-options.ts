/** The search filter options shared by `search`, `ask` and `alerts add-search`. */
import type { Command } from 'commander'

/** Collect a repeatable option whose values may also be comma-separated. */
export const collectList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
]

/** Add the filter options (`-c/--customer`, `-t/--type`, `--tag`, `--severity`, `--from`, `--to`). */
export function withFilterOptions(command: Command): Command {
  return command
    .option('-c, --customer <name>', 'only this customer (repeatable or comma-separated)', collectList)
    .option('-t, --type <type>', 'field-report | incident | integration-doc (repeatable)', collectList)
    .option('--tag <tag>', 'documents with this tag (repeatable: all must match)', collectList)
    .option('--severity <sev>', 'sev1..sev4 (repeatable)', collectList)
    .option('--from <date>', 'documents dated on or after YYYY-MM-DD')
    .option('--to <date>', 'documents dated on or before YYYY-MM-DD')
}

/** The search filter those options ask for; options not given are left out. */
export function filterFromOptions(opts: Record<string, unknown>): Record<string, unknown> {
  const filter = {
    customers: opts.customer,
    types: opts.type,
    tags: opts.tag,
    severities: opts.severity,
    from: opts.from,
    to: opts.to,
  }
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined))
}
