/**
 * Test helper: stops and starts the shared ClickHouse server or Kafka broker through the same
 * scripts CI uses (scripts/engines/<engine>.sh), for fault tests. Resolves with how long it took;
 * rejects with the script's output when it fails.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('../../..', import.meta.url).pathname;

export type ScriptedEngine = 'clickhouse' | 'kafka';

export function engineScript(engine: ScriptedEngine, action: 'start' | 'stop' | 'status', timeoutMs = 150_000): Promise<{ ms: number; ok: boolean; output: string }> {
  const started = Date.now();
  const child = spawn('bash', [join(ROOT, 'scripts/engines', `${engine}.sh`), action], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${engine}.sh ${action} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const result = { ms: Date.now() - started, ok: code === 0, output };
      // status answers with its exit code; start and stop must succeed
      if (code !== 0 && action !== 'status') reject(new Error(`${engine}.sh ${action} failed (${code}):\n${output}`));
      else resolve(result);
    });
  });
}
