/** The real `vigil` bin, spawned as a user would run it, on a temporary data directory. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConfigStore, Site } from '../src/configdb/config-store.ts';
import { openConfigStore } from '../src/configdb/open.ts';

const BIN = fileURLToPath(new URL('../bin/vigil.mjs', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function vigil(dataDir: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_DATA_DIR: dataDir, ...opts.env };
    delete env.DATABASE_URL;
    if (!opts.env?.VIGIL_PUBLIC_URL) delete env.VIGIL_PUBLIC_URL;
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

function assertOneLineError(run: Run, pattern: RegExp): void {
  assert.equal(run.stdout, '');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0]!, pattern);
}

describe('vigil CLI', () => {
  let dataDir: string;
  let store: ConfigStore;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-cli-'));
    store = await openConfigStore({ dataDir });
  });
  after(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('adds a site, prints its snippet, and lists it', async () => {
    const added = await vigil(dataDir, ['site', 'add', 'https://Blog.Example.org/posts', '--name', 'Blog', '--timezone', 'Europe/Paris', '--allow', 'localhost,Staging.example.org'], {
      env: { VIGIL_PUBLIC_URL: 'https://stats.example.net/' },
    });
    assert.equal(added.code, 0, added.stderr);
    const site = JSON.parse(added.stdout) as Site & { snippet: string };
    assert.match(site.id, /^[A-Za-z0-9_-]{12}$/);
    assert.equal(site.domain, 'blog.example.org');
    assert.equal(site.name, 'Blog');
    assert.equal(site.timezone, 'Europe/Paris');
    assert.deepEqual(site.allowed_hostnames, ['localhost', 'staging.example.org']);
    assert.equal(site.snippet, `<script defer src="https://stats.example.net/track.js" data-site="${site.id}"></script>`);
    assert.equal((await store.sites.get(site.id))?.domain, 'blog.example.org');

    const [json, table] = await Promise.all([vigil(dataDir, ['site', 'list', '--json']), vigil(dataDir, ['site', 'list'])]);
    assert.equal(json.code, 0, json.stderr);
    const listed = JSON.parse(json.stdout) as Site[];
    assert.deepEqual(listed.find((s) => s.id === site.id)?.domain, 'blog.example.org');
    assert.equal(table.code, 0, table.stderr);
    const row = table.stdout.split('\n').find((l) => l.startsWith(site.id));
    assert.ok(row, table.stdout);
    assert.match(row, /blog\.example\.org\s+Blog\s+Europe\/Paris/);

    const removed = await vigil(dataDir, ['site', 'remove', site.id]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(await store.sites.get(site.id), null);
  });

  it('fails with one clear line and exit 1 on bad input or a duplicate', async () => {
    await store.sites.create({ domain: 'taken.example' });
    const [invalid, duplicate, missing] = await Promise.all([
      vigil(dataDir, ['site', 'add', 'not a domain!']),
      vigil(dataDir, ['site', 'add', 'TAKEN.example']),
      vigil(dataDir, ['site', 'remove', 'no-such-site']),
    ]);
    assert.equal(invalid.code, 1);
    assertOneLineError(invalid, /not a domain!.*not a valid hostname/);
    assert.equal(duplicate.code, 1);
    assertOneLineError(duplicate, /taken\.example already exists/);
    assert.equal(missing.code, 1);
    assertOneLineError(missing, /no site with id 'no-such-site'/);
    assert.equal((await store.sites.list()).some((s) => s.domain.includes('not')), false);
  });

  it('creates an API token that the server accepts, shown only once', async () => {
    const created = await vigil(dataDir, ['token', 'create', '--name', 'ci']);
    assert.equal(created.code, 0, created.stderr);
    const out = JSON.parse(created.stdout) as { id: string; name: string; token: string };
    assert.equal(out.name, 'ci');
    assert.equal((await store.tokens.verify(out.token))?.id, out.id);
    assert.equal(await store.tokens.verify(out.token.slice(0, -1) + (out.token.endsWith('A') ? 'B' : 'A')), null);

    const listed = await vigil(dataDir, ['token', 'list', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(listed.stdout.includes(out.token), false);
    assert.ok((JSON.parse(listed.stdout) as Array<{ id: string }>).some((t) => t.id === out.id));
  });

  it('creates a user from a password piped on stdin and refuses one on the command line', async () => {
    const [created, onArgv] = await Promise.all([
      vigil(dataDir, ['user', 'create', '--email', 'Admin@Example.com', '--password-stdin'], { input: 's3cret password\n' }),
      vigil(dataDir, ['user', 'create', '--email', 'argv@example.com', '--password', 's3cret password']),
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal((JSON.parse(created.stdout) as { email: string }).email, 'admin@example.com');
    assert.equal(created.stdout.includes('s3cret'), false);
    assert.equal((await store.users.verifyPassword('admin@example.com', 's3cret password'))?.email, 'admin@example.com');
    assert.equal(await store.users.verifyPassword('admin@example.com', 's3cret password\n'), null);

    assert.equal(onArgv.code, 2);
    assertOneLineError(onArgv, /--password-stdin/);
    assert.equal(await store.users.verifyPassword('argv@example.com', 's3cret password'), null);
  });

  it('prints usage with exit 2 for help and unknown commands', async () => {
    const [help, unknown] = await Promise.all([vigil(dataDir, ['help']), vigil(dataDir, ['frobnicate'])]);
    assert.equal(help.code, 2);
    assert.match(help.stderr, /usage: vigil/);
    assert.match(help.stderr, /site add <domain>/);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  });

  it('works while another connection has the database open and is writing', async () => {
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await store.sites.create({ domain: `writer-${written}.example` });
        written++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const added = await vigil(dataDir, ['site', 'add', 'during-writes.example'], { env: { PORT: '4321' } });
    writing = false;
    await writer;
    assert.equal(added.code, 0, added.stderr);
    // without VIGIL_PUBLIC_URL the snippet points at this machine's port
    const site = JSON.parse(added.stdout) as { id: string; snippet: string };
    assert.equal(site.snippet, `<script defer src="http://localhost:4321/track.js" data-site="${site.id}"></script>`);
    assert.ok(written > 0);
    const domains = (await store.sites.list()).map((s) => s.domain);
    assert.ok(domains.includes('during-writes.example'));
    assert.equal(domains.filter((d) => d.startsWith('writer-')).length, written);
  });

  it('lets two commands migrate a brand-new data directory at the same time', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'vigil-cli-fresh-'));
    try {
      const runs = await Promise.all([vigil(fresh, ['site', 'add', 'one.example']), vigil(fresh, ['token', 'create'])]);
      for (const run of runs) assert.equal(run.code, 0, run.stderr);
      const reopened = await openConfigStore({ dataDir: fresh });
      try {
        assert.deepEqual((await reopened.sites.list()).map((s) => s.domain), ['one.example']);
        assert.equal((await reopened.tokens.list()).length, 1);
      } finally {
        await reopened.close();
      }
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
