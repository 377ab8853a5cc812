/** Child processes of the benchmark: run to completion, or start and wait for a ready line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export class ChildFailedError extends Error {}

export interface Finished {
  stdout: string;
  stderr: string;
}

/** Runs a command to the end; rejects with its stderr when it exits non-zero. */
export async function runToEnd(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): Promise<Finished> {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  if (child.stdin) {
    // a child that exits without reading its input is reported by its exit code, not as EPIPE
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input);
  }
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new ChildFailedError(`${[command, ...args.slice(0, 3)].join(' ')} exited with ${code}: ${stderr.trim().slice(-2000)}`);
  return { stdout, stderr };
}

/** Starts a long-running process and resolves with its first stdout line. */
export async function startWithReadyLine(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new ChildFailedError(`${command} printed no ready line within ${opts.timeoutMs ?? 15_000} ms: ${stderr.trim()}`)), opts.timeoutMs ?? 15_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new ChildFailedError(`${command} exited with ${code} before it was ready: ${stderr.trim()}`));
    });
  });
  return { child, line };
}

/** Sends SIGTERM and waits for the exit; SIGKILL if it does not go within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 30_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit') as Promise<[number | null]>;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}
