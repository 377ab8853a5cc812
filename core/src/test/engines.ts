/**
 * Test helper: is a real engine reachable here?
 *
 * A suite whose engine is absent is skipped, and says which engine it skipped. With
 * VIGIL_TEST_REQUIRE=all (CI) or a comma list (VIGIL_TEST_REQUIRE=postgres,redis) an absent engine
 * is a failing test instead, so CI can never go green by skipping.
 */
import { test } from 'node:test';
import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export type Engine = 'postgres' | 'redis' | 'kafka' | 'clickhouse' | 'chromium' | 'compose';

const PROBES: Record<Engine, () => Promise<string | null>> = {
  postgres: () => tcp(hostPort(process.env.VIGIL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 5432)),
  redis: () => tcp(hostPort(process.env.VIGIL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', 6379)),
  kafka: () => tcp(process.env.VIGIL_TEST_KAFKA ?? '127.0.0.1:9092'),
  clickhouse: () => tcp(hostPort(process.env.VIGIL_TEST_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123', 8123)),
  chromium: async () => (existsSync(chromiumPath()) ? null : `no browser at ${chromiumPath()}`),
  compose: async () => (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0 ? null : 'no docker-compose on PATH'),
};

export function chromiumPath(): string {
  return process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';
}

function hostPort(url: string, port: number): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || port}`;
}

function tcp(target: string): Promise<string | null> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => { socket.destroy(); resolve(null); });
    socket.once('timeout', () => { socket.destroy(); resolve(`nothing answers on ${target}`); });
    socket.once('error', (e) => resolve(`${target}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
  });
}

function required(engine: Engine): boolean {
  const req = (process.env.VIGIL_TEST_REQUIRE ?? '').split(',').map((s) => s.trim());
  return req.includes('all') || req.includes(engine);
}

/**
 * `const pg = await needEngine('postgres'); describe('on postgres', { skip: pg.skip }, ...)`.
 * When the engine is absent and required, registers a failing test and skips the rest.
 */
export async function needEngine(engine: Engine): Promise<{ skip: string | false }> {
  const problem = await PROBES[engine]();
  if (!problem) return { skip: false };
  const reason = `${engine} absent (${problem})`;
  if (required(engine)) {
    test(`engine ${engine} is required by VIGIL_TEST_REQUIRE`, () => {
      throw new Error(`${reason}; start it or unset VIGIL_TEST_REQUIRE`);
    });
  } else {
    process.stderr.write(`skipped: ${reason}\n`);
  }
  return { skip: `skipped: ${reason}` };
}
