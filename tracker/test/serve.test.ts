import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildTracker, type TrackerBundle } from '../src/build.ts';
import { acceptsGzip, registerTrackerScripts } from '../src/serve.ts';

describe('registerTrackerScripts', () => {
  let emptyDir: string;
  let distDir: string;
  let built: TrackerBundle[];
  let app: FastifyInstance;
  const code = (name: string) => built.find((b) => b.fileName === name)!.code;

  before(async () => {
    built = await buildTracker();
    emptyDir = await mkdtemp(join(tmpdir(), 'vigil-tracker-empty-'));
    distDir = await mkdtemp(join(tmpdir(), 'vigil-tracker-dist-'));
    app = Fastify();
    // No dist here, so the scripts are built in memory.
    await registerTrackerScripts(app, { distDir: emptyDir });
  });

  after(async () => {
    await app.close();
    await rm(emptyDir, { recursive: true, force: true });
    await rm(distDir, { recursive: true, force: true });
  });

  test('GET /track.js: the build, with caching, CORS and a strong ETag', async () => {
    const res = await app.inject({ method: 'GET', url: '/track.js' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, code('track.js'));
    assert.equal(res.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'public, max-age=3600, stale-while-revalidate=86400');
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['content-encoding'], undefined);
    assert.match(String(res.headers.etag), /^"[A-Za-z0-9_-]{10,}"$/);
    assert.equal(res.headers.vary, 'Accept-Encoding');
  });

  test('304 on a matching If-None-Match, 200 on a stale one', async () => {
    const first = await app.inject({ method: 'GET', url: '/track.js' });
    const etag = String(first.headers.etag);
    const again = await app.inject({ method: 'GET', url: '/track.js', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    assert.equal(again.headers['cache-control'], 'public, max-age=3600, stale-while-revalidate=86400');
    const listed = await app.inject({ method: 'GET', url: '/track.js', headers: { 'if-none-match': `"old", W/${etag}` } });
    assert.equal(listed.statusCode, 304);
    const stale = await app.inject({ method: 'GET', url: '/track.js', headers: { 'if-none-match': '"old"' } });
    assert.equal(stale.statusCode, 200);
    assert.equal(stale.body, code('track.js'));
  });

  test('a gzip body that gunzips to the build, when the client accepts gzip', async () => {
    for (const name of ['track.js', 'track-clicks.js']) {
      const res = await app.inject({ method: 'GET', url: `/${name}`, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-encoding'], 'gzip');
      assert.equal(res.headers.vary, 'Accept-Encoding');
      assert.equal(gunzipSync(res.rawPayload).toString(), code(name));
      assert.ok(res.rawPayload.length < Buffer.byteLength(code(name)));
      const plain = await app.inject({ method: 'GET', url: `/${name}` });
      assert.notEqual(res.headers.etag, plain.headers.etag, 'each body has its own ETag');
      const revalidated = await app.inject({
        method: 'GET',
        url: `/${name}`,
        headers: { 'accept-encoding': 'gzip', 'if-none-match': String(res.headers.etag) },
      });
      assert.equal(revalidated.statusCode, 304);
    }
    const refused = await app.inject({ method: 'GET', url: '/track.js', headers: { 'accept-encoding': 'gzip;q=0, br' } });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.equal(refused.body, code('track.js'));
  });

  test('HEAD answers the headers without a body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/track-clicks.js' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
    assert.equal(res.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.equal(Number(res.headers['content-length']), Buffer.byteLength(code('track-clicks.js')));
  });

  test('serves tracker/dist as built when it is there', async () => {
    await writeFile(join(distDir, 'track.js'), '/* dist track */');
    await writeFile(join(distDir, 'track-clicks.js'), '/* dist clicks */');
    const fromDist = Fastify();
    await registerTrackerScripts(fromDist, { distDir });
    const res = await fromDist.inject({ method: 'GET', url: '/track-clicks.js' });
    assert.equal(res.body, '/* dist clicks */');
    await fromDist.close();
  });

  test('Accept-Encoding negotiation', () => {
    assert.equal(acceptsGzip(undefined), false);
    assert.equal(acceptsGzip('gzip'), true);
    assert.equal(acceptsGzip('br;q=1.0, gzip;q=0.8'), true);
    assert.equal(acceptsGzip('GZIP;q=0'), false);
    assert.equal(acceptsGzip('*'), true);
    assert.equal(acceptsGzip('br, *;q=0'), false);
    assert.equal(acceptsGzip('identity'), false);
  });
});
