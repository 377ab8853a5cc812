/**
 * For tests: a throwaway redis-server on a loopback port, which a test can stop and start again
 * to see how Vigil rides out a Redis restart. No persistence, so a restart starts empty, like a
 * cache node that was replaced. The server is our child process and dies with the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { once } from 'node:events';

export class RedisTestServer {
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error(`redis test server on ${this.port} is already running`);
    const child = spawn(
      process.env.VIGIL_REDIS_SERVER ?? 'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
      { stdio: 'ignore' },
    );
    this.child = child;
    const exited = once(child, 'exit').then(() => {
      throw new Error(`redis-server on ${this.port} exited at start (port taken?)`);
    });
    const spawnFailed = once(child, 'error').then(([e]) => {
      throw e as Error;
    });
    await Promise.race([this.waitUntilAccepting(), exited, spawnFailed]).catch((e) => {
      this.child = undefined;
      child.kill('SIGKILL');
      throw e;
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  private async waitUntilAccepting(): Promise<void> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (await this.accepts()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`redis-server on ${this.port} did not start within 5 s`);
  }

  private accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: this.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }
}

/** A loopback port nothing listens on right now, as the OS hands them out. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}
