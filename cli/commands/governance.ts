import { loadNameBook } from '../../governance/book.ts'
import { customerPseudonym } from '../../governance/pseudonym.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { listAudit } from '../../storage/audit.ts'
import { loadCustomerNames, setCustomerSettings } from '../../storage/customer-aliases.ts'
import { printJson } from '../io.ts'
import type { Register } from '../main.ts'
import { intOption } from '../options.ts'

/**
 * `fieldkb audit list` (reads outside a token's scope) and `fieldkb customers list|set`
 * (name variants, pseudonyms, confidential and industry settings).
 */
export const registerGovernance: Register = (program, ctx, io) => {
  const out = (s: string) => io.stdout.write(`${s}\n`)
  const audit = program.command('audit').description("Reads of customers' documents outside a token's scope.")
  audit
    .command('list')
    .description('List audit entries, newest first: when, which token, which customer and document.')
    .option('--limit <n>', 'most entries shown (1-1000, default 100)', intOption(1, 1000), 100)
    .option('--json', 'print as JSON')
    .action(async (opts: { limit: number; json?: boolean }) => {
      const items = await listAudit(await ctx().db(), opts.limit)
      if (opts.json) return printJson(io, { items })
      if (items.length === 0) out('no reads outside a token scope recorded')
      for (const e of items) {
        const who = e.tokenId === null ? e.via : `token #${e.tokenId} "${e.tokenName ?? '?'}"`
        out(`${e.at}  ${who}  ${e.action}  document ${e.documentId} of ${e.customer}`)
      }
    })

  const customers = program
    .command('customers')
    .description('Customers as governance sees them: name variants, pseudonyms, confidentiality.')
  customers
    .command('list')
    .description(
      'List customers with their pseudonym, settings and the name variants replaced for other viewers.',
    )
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const book = await loadNameBook(await ctx().db())
      const items = book.customers.map((c) => ({ ...c, pseudonym: customerPseudonym(book.secret, c).label }))
      if (opts.json) return printJson(io, { items })
      if (items.length === 0) out('no customers yet: ingest documents first')
      for (const c of items) {
        const flags = [c.confidential ? 'confidential' : '', c.industry ? `industry "${c.industry}"` : '']
        out(
          `${c.display}  → ${c.pseudonym}${flags
            .filter(Boolean)
            .map((f) => `  [${f}]`)
            .join('')}`,
        )
        out(`  variants: ${c.aliases.map((a) => a.alias).join(', ') || '(none yet)'}`)
      }
    })
  customers
    .command('set')
    .description("Change a customer's governance settings.")
    .argument('<customer>', 'the customer name (case-insensitive)')
    .option('--confidential', "keep all of its documents out of every other customer's view")
    .option('--no-confidential', 'share its documents again (pseudonymised for scoped tokens)')
    .option('--industry <words>', 'how its pseudonym describes it, e.g. "European airline"; "" clears')
    .option('--json', 'print as JSON')
    .action(async (name: string, opts: { confidential?: boolean; industry?: string; json?: boolean }) => {
      const db = await ctx().db()
      const known = (await loadCustomerNames(db)).find((c) => c.key === name.trim().toLowerCase())
      if (!known) {
        throw new NotFoundError(`no customer "${name}" in the store`, {
          hint: 'see `fieldkb customers list`',
        })
      }
      await setCustomerSettings(db, known.key, {
        ...(opts.confidential === undefined ? {} : { confidential: opts.confidential }),
        ...(opts.industry === undefined ? {} : { industry: opts.industry.trim() || null }),
      })
      const updated = (await loadCustomerNames(db)).find((c) => c.key === known.key)!
      if (opts.json)
        return printJson(io, {
          key: updated.key,
          confidential: updated.confidential,
          industry: updated.industry,
        })
      out(
        `${updated.display}: ${updated.confidential ? 'confidential' : 'shared'}${updated.industry ? `, industry "${updated.industry}"` : ''}`,
      )
    })
}
