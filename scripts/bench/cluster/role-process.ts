/** `vigil start --role <role>` as its own process, on a port of its own, ready once /api/health answers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { ChildFailedError, runToEnd, stopChild } from '../child.ts';
import { freePort, waitForHealth } from '../ingest/vigil-process.ts';
import { ROOT, VIGIL_BIN } from '../paths.ts';

export type ClusterRole = 'ingest' | 'consumer';

export interface RoleProcess {
  role: ClusterRole;
  url: string;
  /** GET a JSON path (health is public) */
  get<T>(path: string): Promise<T>;
  stop(): Promise<void>;
  logTail(): string;
}

export async function startRole(role: ClusterRole, env: NodeJS.ProcessEnv): Promise<RoleProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [VIGIL_BIN, 'start', '--role', role], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => stderr);
  return {
    role,
    url,
    async get<T>(path: string): Promise<T> {
      const res = await fetch(url + path);
      const text = await res.text();
      if (!res.ok) throw new Error(`GET ${path} on the ${role} answered ${res.status}: ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    },
    async stop() {
      const code = await stopChild(child, 60_000);
      if (code !== 0) throw new ChildFailedError(`vigil --role ${role} exited with ${code} on SIGTERM: ${stderr.trim()}`);
    },
    logTail: () => stderr.trim(),
  };
}

/** `vigil site add` against the run's config database; returns the new site's id. */
export async function addSite(env: NodeJS.ProcessEnv, domain: string, allow: string[]): Promise<string> {
  const { stdout } = await runToEnd(process.execPath, [VIGIL_BIN, 'site', 'add', domain, '--name', 'Benchmark', '--allow', allow.join(',')], { env, cwd: ROOT });
  return String((JSON.parse(stdout) as { id: unknown }).id);
}
