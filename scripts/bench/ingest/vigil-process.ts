/**
 * The real Vigil server as a child process, set up the way an operator would: a fresh data
 * directory, a site and an API token made with the `vigil` CLI, then `vigil start`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildFailedError, runToEnd, stopChild } from '../child.ts';
import { ROOT, VIGIL_BIN } from '../paths.ts';

export interface VigilProcess {
  url: string;
  /** the server's process id */
  pid: number | undefined;
  dataDir: string;
  siteId: string;
  token: string;
  /** GET a JSON API path with the token */
  api<T>(path: string): Promise<T>;
  /** SIGTERM: the server writes everything it accepted, then exits */
  stop(): Promise<void>;
  /** deletes the data directory (after stop) */
  remove(): void;
  /** the end of the server's stderr (warnings and errors only, at VIGIL_LOG_LEVEL=warn) */
  logTail(): string;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('could not find a free port');
  return address.port;
}

export interface StartVigilOptions {
  domain: string;
  allow: string[];
  env?: Record<string, string>;
  /** node flags for the server process only, e.g. ['--cpu-prof'] to see where ingest spends its time */
  nodeArgs?: string[];
  /** the site's time zone (`vigil site add --timezone`); the CLI's default when unset */
  timezone?: string;
  /** runs after the site and token exist and before the server starts, e.g. to fill its event store */
  prepare?: (setup: { dataDir: string; siteId: string }) => Promise<void>;
}

export async function startVigil(opts: StartVigilOptions): Promise<VigilProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIL_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    VIGIL_LOG_LEVEL: 'warn',
    // the load generator sends each visitor's address in X-Forwarded-For, as a proxy in front would
    VIGIL_TRUST_PROXY: '1',
    ...opts.env,
  };
  delete env.DATABASE_URL;
  const cli = async (args: string[]) => JSON.parse((await runToEnd(process.execPath, [VIGIL_BIN, ...args], { env, cwd: ROOT })).stdout) as Record<string, unknown>;
  const site = await cli(['site', 'add', opts.domain, '--name', 'Benchmark', '--allow', opts.allow.join(','), ...(opts.timezone ? ['--timezone', opts.timezone] : [])]);
  const created = await cli(['token', 'create', '--name', 'bench']);
  const siteId = String(site.id);
  const token = String(created.token);
  try {
    await opts.prepare?.({ dataDir, siteId });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }

  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), VIGIL_BIN, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => stderr);

  return {
    url,
    pid: child.pid,
    dataDir,
    siteId,
    token,
    async api<T>(path: string): Promise<T> {
      const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${path.split('?')[0]} answered ${res.status}: ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    },
    async stop() {
      const code = await stopChild(child, 60_000);
      if (code !== 0) throw new ChildFailedError(`vigil start exited with ${code} on SIGTERM: ${stderr.trim()}`);
    },
    remove: () => rmSync(dataDir, { recursive: true, force: true }),
    logTail: () => stderr.trim(),
  };
}

export async function waitForHealth(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new ChildFailedError(`vigil start exited with ${child.exitCode}: ${stderr().trim()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new ChildFailedError(`vigil start did not answer /api/health within 30 s: ${stderr().trim()}`);
}
