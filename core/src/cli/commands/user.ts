/** `vigil user create`. */
import { parseArgs } from 'node:util';
import { UsageError } from '../usage-error.ts';
import { withStore } from '../with-store.ts';
import { readStdin } from '../read-stdin.ts';

export async function userCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'create') return userCreate(rest);
  throw new UsageError(action ? `unknown user command '${action}'` : 'user needs a command: create');
}

async function userCreate(args: string[]): Promise<void> {
  // checked before parsing so the refusal names the real problem, not "unknown option"
  if (args.some((a) => a === '--password' || a.startsWith('--password='))) {
    throw new UsageError('refusing a password on the command line (other users can read it from the process list); pipe it in with --password-stdin');
  }
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } },
  });
  if (!values.email) throw new UsageError('user create needs --email');
  if (!values['password-stdin']) throw new UsageError('user create needs --password-stdin (the password is read from stdin)');
  const password = (await readStdin()).replace(/\r?\n$/, '');
  const email = values.email;
  const user = await withStore((store) => store.users.create(email, password));
  process.stdout.write(JSON.stringify({ id: user.id, email: user.email }, null, 2) + '\n');
}
