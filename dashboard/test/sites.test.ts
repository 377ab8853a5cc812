/**
 * The sites API over HTTP with an API token: exact JSON shapes for create, list, get, patch and
 * delete; clear 400/404/409 answers; deleting a site deletes its events.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';

let now = Date.parse('2026-05-04T09:00:00Z');
let vigil: TestServer;

async function call(method: string, path: string, body?: unknown, base = vigil) {
  const res = await fetch(base.url + path, {
    method,
    headers: { authorization: `Bearer ${base.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const ID = /^[A-Za-z0-9_-]{12}$/;

describe('sites API', () => {
  before(async () => {
    vigil = await startTestServer({ clock: () => now });
  });
  after(() => vigil?.stop());

  it('creates a site with defaults and answers its full shape, snippet included', async () => {
    const before = Date.now();
    const res = await call('POST', '/api/sites', { domain: 'https://Blog.Example.com/' });
    assert.equal(res.status, 201);
    const site = res.body.site;
    assert.match(site.id, ID);
    assert.ok(site.created_at >= before && site.created_at <= Date.now());
    assert.deepEqual(res.body, {
      site: {
        id: site.id,
        domain: 'blog.example.com',
        name: 'blog.example.com',
        timezone: 'UTC',
        allowed_hostnames: [],
        created_at: site.created_at,
        snippet: `<script defer src="${vigil.url}/track.js" data-site="${site.id}"></script>`,
      },
    });
  });

  it('keeps name, time zone and allowed hostnames; lists in creation order; gets one', async () => {
    const res = await call('POST', '/api/sites', { domain: 'shop.example.com', name: ' Shop ', timezone: 'europe/berlin', allowed_hostnames: ['Staging.Shop.example.com', 'localhost'] });
    assert.equal(res.status, 201);
    const shop = res.body.site;
    assert.deepEqual([shop.name, shop.timezone, shop.allowed_hostnames], ['Shop', 'Europe/Berlin', ['staging.shop.example.com', 'localhost']]);

    const list = await call('GET', '/api/sites');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.sites.map((s: { domain: string }) => s.domain), ['blog.example.com', 'shop.example.com']);
    assert.deepEqual(list.body.sites[1], shop);

    assert.deepEqual(await call('GET', `/api/sites/${shop.id}`), { status: 200, body: { site: shop } });
  });

  it('patches any field, validating like create', async () => {
    const { body } = await call('POST', '/api/sites', { domain: 'patch.example.com' });
    const id = body.site.id as string;
    const renamed = await call('PATCH', `/api/sites/${id}`, { name: 'Patched', timezone: 'America/New_York' });
    assert.equal(renamed.status, 200);
    assert.deepEqual(renamed.body.site, { ...body.site, name: 'Patched', timezone: 'America/New_York' });

    const moved = await call('PATCH', `/api/sites/${id}`, { domain: 'moved.example.com', allowed_hostnames: ['www.moved.example.com'] });
    assert.deepEqual(moved.body.site, { ...renamed.body.site, domain: 'moved.example.com', allowed_hostnames: ['www.moved.example.com'] });

    for (const patch of [{ domain: 'not a host!' }, { timezone: 'Mars/Olympus' }, { allowed_hostnames: ['ok.example.com', 'bad host'] }, { name: 42 }]) {
      const res = await call('PATCH', `/api/sites/${id}`, patch);
      assert.equal(res.status, 400, JSON.stringify(patch));
      assert.equal(typeof res.body.error, 'string');
    }
    const clash = await call('PATCH', `/api/sites/${id}`, { domain: 'SHOP.example.com' });
    assert.equal(clash.status, 409);
    assert.equal(clash.body.error, 'a site for shop.example.com already exists');
    assert.deepEqual((await call('GET', `/api/sites/${id}`)).body.site, moved.body.site, 'refused patches changed nothing');
  });

  it('answers 400 for an invalid domain or time zone, 409 for a duplicate, 404 for an unknown id', async () => {
    const badDomain = await call('POST', '/api/sites', { domain: 'exa mple.com' });
    assert.equal(badDomain.status, 400);
    assert.equal(badDomain.body.error, "domain 'exa mple.com' is not a valid hostname");
    const badZone = await call('POST', '/api/sites', { domain: 'zone.example.com', timezone: 'Europe/Atlantis' });
    assert.equal(badZone.status, 400);
    assert.equal(badZone.body.error, "unknown timezone 'Europe/Atlantis'");
    const noDomain = await call('POST', '/api/sites', { name: 'nameless' });
    assert.equal(noDomain.status, 400);
    assert.equal(noDomain.body.error, 'invalid body');
    assert.deepEqual(noDomain.body.detail.map((d: { path: string }) => d.path), ['domain']);

    const dup = await call('POST', '/api/sites', { domain: 'www.Blog.example.com'.replace('www.', '') });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error, 'a site for blog.example.com already exists');

    for (const [method, body] of [['GET', undefined], ['PATCH', { name: 'x' }], ['DELETE', undefined]] as const) {
      const res = await call(method, '/api/sites/nosuchsite00', body);
      assert.equal(res.status, 404, method);
      assert.equal(res.body.error, 'site not found');
    }
    assert.equal((await call('GET', '/api/sites')).body.sites.length, 3, 'nothing was created by the refused requests');
  });

  it('deleting a site deletes its events; other sites keep theirs', async () => {
    const doomed = (await call('POST', '/api/sites', { domain: 'doomed.example.com' })).body.site;
    const kept = (await call('POST', '/api/sites', { domain: 'kept.example.com' })).body.site;
    for (const [site, host] of [[doomed, 'doomed.example.com'], [doomed, 'doomed.example.com'], [kept, 'kept.example.com']] as const) {
      now += 1000;
      const res = await vigil.track({ s: site.id, n: 'pageview', u: `https://${host}/` });
      assert.equal(res.status, 202);
    }
    await vigil.flushed();
    const day = '2026-05-04';
    assert.equal((await call('GET', `/api/stats?site=${doomed.id}&from=${day}&to=${day}`)).body.totals.pageviews, 2);

    assert.deepEqual(await call('DELETE', `/api/sites/${doomed.id}`), { status: 204, body: null });
    assert.equal((await call('GET', `/api/sites/${doomed.id}`)).status, 404);
    assert.equal((await call('GET', `/api/stats?site=${doomed.id}`)).status, 404);
    const events = vigil.server.engines.events!;
    assert.equal(await events.countEvents(doomed.id, 0, now + 1), 0);
    assert.equal(await events.countEvents(kept.id, 0, now + 1), 1);
    assert.equal((await call('GET', `/api/stats?site=${kept.id}&from=${day}&to=${day}`)).body.totals.pageviews, 1);

    // the same domain added again starts from zero
    const again = (await call('POST', '/api/sites', { domain: 'doomed.example.com' })).body.site;
    assert.equal((await call('GET', `/api/stats?site=${again.id}&from=${day}&to=${day}`)).body.totals.pageviews, 0);
  });
});

describe('snippet with VIGIL_PUBLIC_URL', () => {
  it('points at the public URL rather than the address the request came to', async () => {
    const server = await startTestServer({ env: { VIGIL_PUBLIC_URL: 'https://stats.example.org/' } });
    try {
      const { body } = await call('POST', '/api/sites', { domain: 'public.example.com' }, server);
      assert.equal(body.site.snippet, `<script defer src="https://stats.example.org/track.js" data-site="${body.site.id}"></script>`);
      assert.equal((await call('GET', '/api/sites', undefined, server)).body.sites[0].snippet, body.site.snippet);
    } finally {
      await server.stop();
    }
  });
});
