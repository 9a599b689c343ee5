import { InvalidArgumentError } from 'commander'
import { Role } from '../../config/schema.ts'
import { NotFoundError, ValidationError } from '../../lib/errors.ts'
import { Others } from '../../schemas/governance.ts'
import { loadCustomerNames } from '../../storage/customer-aliases.ts'
import type { Queryable } from '../../storage/db.ts'
import { createToken, listTokens, revokeToken } from '../../storage/tokens.ts'
import { printJson } from '../io.ts'
import type { Register } from '../main.ts'

/** `fieldkb token create|list|revoke`: manage API tokens stored (as hashes) in the database. */
export const registerToken: Register = (program, ctx, io) => {
  const token = program.command('token').description('Manage API tokens for `fieldkb serve`.')
  const out = (s: string) => io.stdout.write(`${s}\n`)

  token
    .command('create')
    .description('Create a token; it is printed once and cannot be shown again.')
    .requiredOption(
      '--role <role>',
      'reader (search, read), editor (+ upload, delete) or admin (+ tokens)',
      parseRole,
    )
    .option('--name <name>', 'a label, e.g. who or what uses the token', parseName)
    .option(
      '--customers <names>',
      'comma-separated customers this token reads in full (default: all)',
      parseCustomers,
    )
    .option(
      '--others <view>',
      'with --customers: how other customers look — pseudonymous (default), none, or full',
      parseOthers,
    )
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  fieldkb token create --role reader --customers "Kestrel Freight" --others pseudonymous\n' +
        '  fieldkb token create --role reader --customers kestrel-freight,"Larkspur Retail Group" --others none\n',
    )
    .action(
      async (opts: { role: Role; name?: string; json?: boolean; customers?: string[]; others?: Others }) => {
        if (opts.others && !opts.customers && opts.others !== 'full') {
          const message = '--others needs --customers (the customers this token reads in full)'
          throw new ValidationError(message, [{ path: ['--others'], message }])
        }
        const db = await ctx().db()
        const customers = opts.customers ? await resolveCustomers(db, opts.customers) : undefined
        const scope = customers ? { customers, others: opts.others ?? ('pseudonymous' as const) } : undefined
        const created = await createToken(db, {
          role: opts.role,
          name: opts.name,
          ...(scope ? { scope } : {}),
        })
        if (opts.json) return printJson(io, created)
        out(created.token)
        io.stderr.write(
          `created ${created.role} token #${created.id} "${created.name}" (${scopeText(created)}). Store it now: it will not be shown again.\n`,
        )
      },
    )

  token
    .command('list')
    .description('List stored tokens (id, name, role, created, last used, revoked); never the tokens.')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const c = ctx()
      const tokens = await listTokens(await c.db())
      if (opts.json) return printJson(io, { items: tokens, staticTokens: c.config.apiTokens.length })
      if (tokens.length === 0) out('no stored tokens')
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`
        out(`#${t.id}  ${t.role.padEnd(6)}  ${t.name}  [${scopeText(t)}]  (created ${t.createdAt}, ${state})`)
      }
      if (c.config.apiTokens.length > 0) out(`+ ${c.config.apiTokens.length} from FIELDKB_API_TOKENS`)
    })

  token
    .command('revoke')
    .description('Revoke a stored token by id; it stops working immediately.')
    .argument('<id>', 'token id (see `fieldkb token list`)', parseId)
    .action(async (id: number) => {
      if (!(await revokeToken(await ctx().db(), id))) {
        throw new NotFoundError(`no token with id ${id}`, { hint: 'see `fieldkb token list`' })
      }
      out(`revoked token #${id}`)
    })
}

function parseRole(value: string): Role {
  const r = Role.safeParse(value)
  if (!r.success) throw new InvalidArgumentError('expected reader, editor or admin')
  return r.data
}

/** "all customers" or "kestrel freight in full; others pseudonymous". */
function scopeText(t: { customers: string[] | null; others: Others }): string {
  if (t.customers === null) return 'all customers'
  return `${t.customers.join(', ') || 'no customer'} in full; others ${t.others}`
}

function parseCustomers(value: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (names.length === 0 || names.some((n) => n.length > 200 || /\p{Cc}/u.test(n))) {
    throw new InvalidArgumentError('expected comma-separated customer names or slugs')
  }
  return names
}

function parseOthers(value: string): Others {
  const r = Others.safeParse(value)
  if (!r.success) throw new InvalidArgumentError('expected pseudonymous, none or full')
  return r.data
}

// Customers are stored by name; a slug (`kestrel-freight`) or any alias is resolved to that name,
// and a name the store does not know yet is kept as given (documents may come later).
async function resolveCustomers(db: Queryable, given: string[]): Promise<string[]> {
  const known = await loadCustomerNames(db)
  return given.map((g) => {
    const lower = g.toLowerCase()
    const hit = known.find(
      (c) => c.key === lower || c.aliases.some((a) => a.kind !== 'author' && a.alias.toLowerCase() === lower),
    )
    return hit ? hit.key : lower
  })
}

function parseName(value: string): string {
  if (value.trim() === '' || value.length > 100 || /\p{Cc}/u.test(value)) {
    throw new InvalidArgumentError('expected 1-100 printable characters')
  }
  return value.trim()
}

function parseId(value: string): number {
  if (!/^[1-9]\d{0,14}$/.test(value)) throw new InvalidArgumentError('expected a positive integer id')
  return Number(value)
}
