/**
 * Test helper: a real Vigil server (embedded engines in a temp data directory, a random loopback
 * port), an API token and a way to add sites — what an integration test needs to act as a user.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../config/env.ts';
import { startServer, type RunningServer, type StartOptions } from '../server/server.ts';
import { CHROME_UA } from './user-agents.ts';
import type { NewSite, Site } from '../configdb/config-store.ts';

export interface TestServer {
  url: string;
  server: RunningServer;
  dataDir: string;
  /** a valid API token */
  token: string;
  addSite(site: NewSite): Promise<Site>;
  /** GET a JSON API path with the token; returns status and parsed body */
  api<T = any>(path: string): Promise<{ status: number; body: T }>;
  /** POST /api/track with a body (string or JSON), as the tracker does (text/plain) */
  track(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** waits until the queue has written everything it accepted */
  flushed(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestServer(opts: StartOptions & { env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
  const config = readConfig({
    VIGIL_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    VIGIL_LOG_LEVEL: process.env.VIGIL_LOG_LEVEL ?? 'warn',
    VIGIL_FLUSH_MS: '50',
    VIGIL_DUCKDB_MEMORY: '512MB',
    ...opts.env,
  });
  const server = await startServer(config, opts);
  const { token } = await server.engines.config.tokens.create('test');
  const url = server.url;
  let stopped = false;
  return {
    url,
    server,
    dataDir,
    token,
    addSite: (site) => server.engines.config.sites.create(site),
    async api(path) {
      const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    track: (body, headers = {}) =>
      fetch(`${url}/api/track`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    async flushed() {
      for (let i = 0; i < 400 && server.engines.queue.stats().pending > 0; i++) await new Promise((r) => setTimeout(r, 25));
      if (server.engines.queue.stats().pending > 0) throw new Error('queue did not flush within 10 s');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export { CHROME_UA } from './user-agents.ts';
