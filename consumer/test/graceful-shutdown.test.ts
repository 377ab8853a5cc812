/**
 * SIGTERM under load loses nothing: every event answered 202 is in the store after the process
 * exits. Runs the real `vigil` binary as a separate process, as a self-hoster would.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpRequest } from 'node:http';
import { CHROME_UA as CHROME } from '@vigil/core/test/user-agents';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'core/bin/vigil.mjs');

/** One HTTP request on a keep-alive agent; resolves with status and body text. */
function request(url: string, opts: { method?: string; body?: string; headers?: Record<string, string>; agent?: Agent }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'GET', headers: opts.headers, agent: opts.agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

function cli(env: NodeJS.ProcessEnv, ...args: string[]): any {
  const out = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return JSON.parse(out.stdout);
}

/** Starts `vigil start` and resolves with its URL once it logs that it listens. */
function startVigil(env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; url: string; log: () => string }> {
  const proc = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vigil did not start:\n${log}`)), 30_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /listening on (http:\/\/[^\s"]+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, log: () => log });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`vigil exited with ${code}:\n${log}`)));
  });
}

describe('graceful shutdown', () => {
  it('writes every event it answered 202 for before it exits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-shutdown-'));
    // A long flush interval keeps accepted events waiting in the queue when SIGTERM arrives.
    const env = { ...process.env, VIGIL_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', VIGIL_FLUSH_MS: '60000', VIGIL_BATCH_SIZE: '50000', VIGIL_LOG_LEVEL: 'info' };
    try {
      const first = await startVigil(env);
      // the CLI works against the data directory of the running server
      const site = cli(env, 'site', 'add', 'shutdown.test');
      const { token } = cli(env, 'token', 'create', '--name', 'shutdown-test');

      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      let accepted = 0;
      let refused = 0;
      let stop = false;
      let sent = 0;
      const worker = async (w: number) => {
        while (!stop) {
          const n = sent++;
          const body = JSON.stringify(Array.from({ length: 5 }, (_, i) => ({ s: site.id, n: 'pageview', u: `https://shutdown.test/w${w}/r${n}/e${i}` })));
          try {
            const res = await request(`${first.url}/api/track`, { method: 'POST', body, agent, headers: { 'content-type': 'text/plain', 'user-agent': CHROME } });
            if (res.status === 202) accepted += 5;
            else refused++;
          } catch {
            refused++;
            await new Promise((r) => setTimeout(r, 5));
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => worker(w));
      while (accepted < 5_000) await new Promise((r) => setTimeout(r, 20));

      const exited = new Promise<number | null>((resolve) => first.proc.once('exit', resolve));
      first.proc.kill('SIGTERM');
      const code = await exited;
      stop = true;
      await Promise.all(workers);
      agent.destroy();
      assert.equal(code, 0, first.log());
      assert.match(first.log(), /shut down cleanly/);
      assert.match(first.log(), /writing \d+ accepted events/);
      const pendingAtStop = Number(/writing (\d+) accepted events/.exec(first.log())![1]);
      assert.ok(pendingAtStop > 0, 'events were still queued when SIGTERM arrived');

      const second = await startVigil(env);
      const res = await request(`${second.url}/api/stats?site=${site.id}&from=${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}`, { headers: { authorization: `Bearer ${token}` } });
      const body = JSON.parse(res.text) as { totals: { pageviews: number } };
      assert.equal(res.status, 200, res.text);
      assert.equal(body.totals.pageviews, accepted, `202 for ${accepted} events, ${refused} requests refused after SIGTERM`);
      const exit2 = new Promise((resolve) => second.proc.once('exit', resolve));
      second.proc.kill('SIGTERM');
      await exit2;
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
