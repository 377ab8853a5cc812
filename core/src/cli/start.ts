/**
 * `vigil start`: the server's entry point. Reads configuration, starts the role, and on SIGTERM or
 * SIGINT stops taking events, writes everything accepted and exits. A second signal exits at once.
 */
import { readConfig } from '../config/env.ts';
import { startServer, type Role } from '../server/server.ts';

export async function start(opts: { role: Role }): Promise<void> {
  const config = readConfig();
  const server = await startServer(config, { role: opts.role });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      server.app.log.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    server.app.log.info(`${signal} received`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ error: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
