/**
 * CSRF over HTTP: a cookie-authenticated write must echo the session's CSRF token; API tokens
 * need none; sign-in itself accepts only same-origin JSON requests.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';
import { PageClient } from './support/signed-in-client.ts';

const ADMIN = 'admin@csrf.test';
const PASSWORD = 'correct horse battery';

let vigil: TestServer;
let page: PageClient;

describe('CSRF', () => {
  before(async () => {
    vigil = await startTestServer();
    page = new PageClient(vigil.url);
    assert.equal((await page.setup(ADMIN, PASSWORD)).status, 201);
    assert.ok(page.csrfToken);
  });
  after(() => vigil?.stop());

  it('refuses cookie writes without the token or with a wrong one, and changes nothing', async () => {
    const wrong = page.csrfToken!.slice(0, -1) + (page.csrfToken!.endsWith('A') ? 'B' : 'A');
    const site = (await vigil.addSite({ domain: 'kept.csrf.test' })).id;
    const attempts: Array<[string, string, unknown]> = [
      ['POST', '/api/sites', { domain: 'forged.csrf.test' }],
      ['PATCH', `/api/sites/${site}`, { name: 'Forged' }],
      ['DELETE', `/api/sites/${site}`, undefined],
      ['POST', '/api/auth/logout', undefined],
    ];
    for (const [method, path, body] of attempts) {
      for (const headers of [{}, { 'x-csrf-token': wrong }, { 'x-csrf-token': '' }] as Record<string, string>[]) {
        const res = await page.request(method, path, { body, headers, csrf: false });
        assert.equal(res.status, 403, `${method} ${path} ${JSON.stringify(headers)}`);
        assert.equal(res.body.error, 'CSRF check failed');
      }
    }
    const sites = (await vigil.api('/api/sites')).body.sites as { domain: string; name: string }[];
    assert.deepEqual(sites.map((s) => [s.domain, s.name]), [['kept.csrf.test', 'kept.csrf.test']]);
    assert.deepEqual((await page.state()).body.user, { email: ADMIN }, 'the forged logout did not end the session');
  });

  it('accepts cookie writes with the token from /api/auth/state', async () => {
    const created = await page.request('POST', '/api/sites', { body: { domain: 'made.csrf.test' } });
    assert.equal(created.status, 201);
    const id = created.body.site.id as string;
    const patched = await page.request('PATCH', `/api/sites/${id}`, { body: { name: 'Made' } });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.site.name, 'Made');
    assert.equal((await page.request('DELETE', `/api/sites/${id}`)).status, 204);
    assert.equal((await page.request('GET', `/api/sites/${id}`)).status, 404);
  });

  it('another session’s token does not pass', async () => {
    const other = new PageClient(vigil.url);
    assert.equal((await other.login(ADMIN, PASSWORD)).status, 200);
    assert.notEqual(other.csrfToken, page.csrfToken);
    const res = await page.request('POST', '/api/sites', { body: { domain: 'swap.csrf.test' }, headers: { 'x-csrf-token': other.csrfToken! }, csrf: false });
    assert.equal(res.status, 403);
  });

  it('Bearer token writes need no CSRF token, even with a session cookie alongside', async () => {
    const res = await fetch(`${vigil.url}/api/sites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vigil.token}`, 'content-type': 'application/json', cookie: page.cookie! },
      body: JSON.stringify({ domain: 'bearer.csrf.test' }),
    });
    assert.equal(res.status, 201);
    const id = ((await res.json()) as { site: { id: string } }).site.id;
    const del = await fetch(`${vigil.url}/api/sites/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${vigil.token}` } });
    assert.equal(del.status, 204);
  });

  it('login and setup refuse a foreign Origin, a missing one without Sec-Fetch-Site, and non-JSON bodies', async () => {
    const login = (headers: Record<string, string>, body = JSON.stringify({ email: ADMIN, password: PASSWORD })) =>
      fetch(`${vigil.url}/api/auth/login`, { method: 'POST', headers, body });
    const json = { 'content-type': 'application/json' };

    const foreign = await login({ ...json, origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.getSetCookie().length, 0);
    assert.equal(((await foreign.json()) as { error: string }).error, 'cross-origin request refused');
    // same host name, other port: another origin
    assert.equal((await login({ ...json, origin: 'http://127.0.0.1:1' })).status, 403);
    assert.equal((await login({ ...json, origin: 'null' })).status, 403);
    assert.equal((await login(json)).status, 403);
    assert.equal((await login({ ...json, 'sec-fetch-site': 'cross-site' })).status, 403);
    assert.equal((await login({ ...json, 'sec-fetch-site': 'same-origin' })).status, 200);
    assert.equal((await login({ ...json, origin: vigil.url })).status, 200);

    const form = await login({ origin: vigil.url, 'content-type': 'application/x-www-form-urlencoded' }, `email=${ADMIN}&password=x`);
    assert.equal(form.status, 415);
    const text = await login({ origin: vigil.url, 'content-type': 'text/plain' });
    assert.equal(text.status, 415);

    const setup = await fetch(`${vigil.url}/api/auth/setup`, {
      method: 'POST',
      headers: { ...json, origin: 'https://evil.example' },
      body: JSON.stringify({ email: 'x@csrf.test', password: 'long enough' }),
    });
    assert.equal(setup.status, 403);
    assert.equal(((await setup.json()) as { error: string }).error, 'cross-origin request refused');
  });
});
