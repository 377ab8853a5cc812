/** `vigil token create|list|revoke`. */
import { parseArgs } from 'node:util';
import { ConfigError } from '../../configdb/config-store.ts';
import { UsageError } from '../usage-error.ts';
import { withStore } from '../with-store.ts';
import { formatTable } from '../table.ts';

export async function tokenCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  switch (action) {
    case 'create': return tokenCreate(rest);
    case 'list': return tokenList(rest);
    case 'revoke': return tokenRevoke(rest);
    default: throw new UsageError(action ? `unknown token command '${action}'` : 'token needs a command: create, list or revoke');
  }
}

async function tokenCreate(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { name: { type: 'string', default: 'token' } } });
  const created = await withStore((store) => store.tokens.create(values.name));
  // the one and only time the secret is shown: it is not stored
  process.stdout.write(JSON.stringify({ id: created.id, name: created.name, token: created.token }, null, 2) + '\n');
}

async function tokenList(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const tokens = await withStore((store) => store.tokens.list());
  if (values.json) {
    process.stdout.write(JSON.stringify(tokens, null, 2) + '\n');
    return;
  }
  if (tokens.length === 0) {
    process.stdout.write('no API tokens yet; create one with: vigil token create --name <name>\n');
    return;
  }
  const iso = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString());
  const rows = tokens.map((t) => [t.id, t.name, iso(t.created_at), iso(t.last_used_at)]);
  process.stdout.write(formatTable(['ID', 'NAME', 'CREATED', 'LAST USED'], rows));
}

async function tokenRevoke(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [id, extra] = positionals;
  if (!id || extra !== undefined) throw new UsageError('token revoke takes exactly one token id');
  const revoked = await withStore((store) => store.tokens.revoke(id));
  if (!revoked) throw new ConfigError('not_found', `no token with id '${id}'`);
  process.stdout.write(`revoked token ${id}\n`);
}
