/**
 * The `vigil` command line: dispatches argv to a command and turns failures into an exit code.
 * 0 ok, 1 the command failed (bad input, conflict, database), 2 the command line is wrong.
 * Failures print one line, never a stack trace.
 */
import { ConfigError } from '../configdb/config-store.ts';
import { USAGE } from './usage.ts';
import { UsageError } from './usage-error.ts';

// loaded on demand: each command pulls in only what it needs (help needs no database driver)
const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  start: async (args) => (await import('./commands/start.ts')).startCommand(args),
  site: async (args) => (await import('./commands/site.ts')).siteCommand(args),
  token: async (args) => (await import('./commands/token.ts')).tokenCommand(args),
  user: async (args) => (await import('./commands/user.ts')).userCommand(args),
};

export async function run(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    if (name !== undefined && !['help', '--help', '-h'].includes(name)) process.stderr.write(`vigil: unknown command '${name}'\n\n`);
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    await command(args);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      process.stderr.write(`vigil: ${(err as Error).message} (see 'vigil help')\n`);
      return 2;
    }
    process.stderr.write(`vigil: ${describe(err)}\n`);
    return 1;
  }
}

function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

function describe(err: unknown): string {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    // connection failures name where they failed; the message alone is often empty for these
    if (code === 'ECONNREFUSED') return `cannot reach the database (${err.message || code})`;
    return err.message || String(code ?? err.name);
  }
  return String(err);
}
