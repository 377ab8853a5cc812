/** `vigil start [--role ...]`: hands over to the server entry point (cli/start.ts). */
import { parseArgs } from 'node:util';
import { UsageError } from '../usage-error.ts';
import { ROLES, type Role } from '../../server/server.ts';

export async function startCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { role: { type: 'string', default: 'all' } } });
  const role = values.role;
  if (!isRole(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got '${role}')`);
  // cli/start.ts is the server's entry point; loaded only here so other commands stay light
  const { start } = await import('../start.ts');
  await start({ role });
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
