/**
 * Expired sessions are deleted when presented; the sweep removes the ones nobody presents again,
 * so the table does not grow with every abandoned browser.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { ConfigStore } from '@vigil/core/configdb/config-store';

const SWEEP_EVERY_MS = 60 * 60 * 1000;

export function startSessionSweep(
  authSessions: ConfigStore['authSessions'],
  clock: () => number,
  log: FastifyBaseLogger,
  everyMs = SWEEP_EVERY_MS,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = authSessions.deleteExpired(clock()).then(
      (n) => { if (n > 0) log.debug({ deleted: n }, 'expired sign-in sessions swept'); },
      (err: unknown) => log.warn({ error: err instanceof Error ? err.message : String(err) }, 'sweeping expired sign-in sessions failed'),
    );
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  // stopping waits for a sweep in flight, so the database is not closed under it
  return async () => {
    clearInterval(timer);
    await running;
  };
}
