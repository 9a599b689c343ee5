import { InvalidArgumentError } from 'commander'
import { Role } from '../../config/schema.ts'
import { NotFoundError } from '../../lib/errors.ts'
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
    .option('--json', 'print as JSON')
    .action(async (opts: { role: Role; name?: string; json?: boolean }) => {
      const created = await createToken(await ctx().db(), { role: opts.role, name: opts.name })
      if (opts.json) return printJson(io, created)
      out(created.token)
      io.stderr.write(
        `created ${created.role} token #${created.id} "${created.name}". Store it now: it will not be shown again.\n`,
      )
    })

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
        out(`#${t.id}  ${t.role.padEnd(6)}  ${t.name}  (created ${t.createdAt}, ${state})`)
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
