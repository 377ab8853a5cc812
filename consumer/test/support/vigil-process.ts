/**
 * Test helper: the real `vigil` binary as a separate process, as an operator runs it. Every
 * process started here is killed when the test process exits, whatever happened before.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('../../..', import.meta.url).pathname;
export const VIGIL_BIN = join(ROOT, 'core/bin/vigil.mjs');

export type Role = 'all' | 'ingest' | 'consumer' | 'dashboard';

export interface VigilProcess {
  role: Role;
  /** http://127.0.0.1:<port> */
  url: string;
  proc: ChildProcess;
  /** everything it printed so far */
  log(): string;
  /** SIGTERM, then SIGKILL when it has not exited within `graceMs` */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: no shutdown code runs */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of running) proc.kill('SIGKILL');
});

function exited(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

/** Starts `vigil start --role <role>` and resolves once it logs the address it listens on. */
export function startVigil(role: Role, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<VigilProcess> {
  const proc = spawn(process.execPath, [VIGIL_BIN, 'start', '--role', role], {
    env: { ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  let output = '';
  const log = () => output;
  const kill = async () => {
    proc.kill('SIGKILL');
    await exited(proc);
  };
  const stop = async (graceMs = 10_000) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    await exited(proc);
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`vigil --role ${role} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      const before = output.length;
      output += chunk.toString();
      if (before > 0 && /listening on/.test(output.slice(0, before))) return;
      const m = /listening on (http:\/\/[^\s"]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ role, url: m[1]!, proc, log, stop, kill });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`vigil --role ${role} exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/** Runs a `vigil` CLI command and parses what it printed as JSON. */
export function vigilCli<T = any>(env: NodeJS.ProcessEnv, ...args: string[]): T {
  const out = spawnSync(process.execPath, [VIGIL_BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  if (out.status !== 0) throw new Error(`vigil ${args.join(' ')} failed (${out.status ?? out.signal}):\n${out.stderr}`);
  return JSON.parse(out.stdout) as T;
}
