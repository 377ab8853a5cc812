/**
 * Sign-in over HTTP on a real server: first-run setup, login with its cookie, wrong credentials,
 * lock-outs per account and per IP, sessions on private routes, logout and expiry. The server's
 * clock is set by the test, so windows and expiry are crossed without waiting.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';
import { PageClient } from './support/signed-in-client.ts';

const DAY = 24 * 3600 * 1000;
const ADMIN = 'admin@vigil.test';
const PASSWORD = 'correct horse battery';

let now = Date.parse('2026-07-01T10:00:00Z');
let vigil: TestServer;
let siteId: string;

function cookieAttributes(setCookie: string): Map<string, string> {
  const [, ...parts] = setCookie.split(';').map((p) => p.trim());
  return new Map(parts.map((p) => [p.split('=')[0]!.toLowerCase(), p.split('=')[1] ?? '']));
}

describe('sign-in', () => {
  before(async () => {
    vigil = await startTestServer({ clock: () => now, env: { VIGIL_TRUST_PROXY: 'true' } });
    siteId = (await vigil.addSite({ domain: 'auth.test' })).id;
  });
  after(() => vigil?.stop());

  it('first run: state asks for setup, setup creates the admin and signs in, a second setup is closed', async () => {
    const page = new PageClient(vigil.url);
    assert.deepEqual((await page.state()).body, { setup_required: true, user: null, csrf_token: null });

    const tooShort = await page.request('POST', '/api/auth/setup', { body: { email: ADMIN, password: 'short' } });
    assert.equal(tooShort.status, 400);
    assert.match(tooShort.body.error, /at least 8 characters/);

    const setup = await page.setup(ADMIN, PASSWORD);
    assert.equal(setup.status, 201);
    assert.deepEqual(setup.body, { user: { email: ADMIN } });
    const state = await page.state();
    assert.equal(state.body.setup_required, false);
    assert.deepEqual(state.body.user, { email: ADMIN });
    assert.match(state.body.csrf_token, /^[A-Za-z0-9_-]{43}$/);

    const stranger = new PageClient(vigil.url);
    const second = await stranger.request('POST', '/api/auth/setup', { body: { email: 'other@vigil.test', password: 'another password' } });
    assert.equal(second.status, 403);
    assert.equal(second.body.error, 'setup is closed');
    assert.equal(stranger.cookie, null);
    assert.deepEqual((await stranger.state()).body, { setup_required: false, user: null, csrf_token: null });
  });

  it('login sets an HttpOnly, SameSite=Lax, Path=/ cookie for 30 days; Secure only over HTTPS', async () => {
    const plain = await fetch(`${vigil.url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: vigil.url, 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ email: ADMIN, password: PASSWORD }),
    });
    assert.equal(plain.status, 200);
    assert.deepEqual(await plain.json(), { user: { email: ADMIN } });
    const [cookie] = plain.headers.getSetCookie();
    assert.match(cookie!, /^vigil_session=[A-Za-z0-9_-]{43};/);
    const attrs = cookieAttributes(cookie!);
    assert.ok(attrs.has('httponly'));
    assert.equal(attrs.get('samesite'), 'Lax');
    assert.equal(attrs.get('path'), '/');
    assert.equal(attrs.get('max-age'), String(30 * 24 * 3600));
    assert.equal(attrs.has('secure'), false);

    const overHttps = await fetch(`${vigil.url}/api/auth/login`, {
      method: 'POST',
      headers: { origin: 'https://' + new URL(vigil.url).host, 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ email: ADMIN, password: PASSWORD }),
    });
    assert.equal(overHttps.status, 200);
    assert.ok(cookieAttributes(overHttps.headers.getSetCookie()[0]!).has('secure'));
  });

  it('wrong password and unknown email get the same 401 and no cookie', async () => {
    const page = new PageClient(vigil.url);
    const wrong = await page.login(ADMIN, 'not the password', { 'x-forwarded-for': '10.0.0.2' });
    const unknown = await page.login('nobody@vigil.test', PASSWORD, { 'x-forwarded-for': '10.0.0.2' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, { error: 'wrong email or password', detail: null });
    assert.deepEqual(unknown.body, wrong.body);
    assert.equal(page.cookie, null);
  });

  it('locks an account after 5 failures, even for the right password, until the window ends', async () => {
    const account = 'locked@vigil.test';
    await vigil.server.engines.config.users.create(account, PASSWORD);
    const page = new PageClient(vigil.url);
    // each attempt from another IP: the account limit alone must stop them
    for (let i = 1; i <= 5; i++) assert.equal((await page.login(account, `guess ${i}`, { 'x-forwarded-for': `10.1.0.${i}` })).status, 401, `attempt ${i}`);

    const locked = await page.login(account, PASSWORD, { 'x-forwarded-for': '10.1.0.6' });
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error, 'too many sign-in attempts; try again in 15 minutes');
    assert.equal(locked.headers.get('retry-after'), String(15 * 60));
    assert.equal(page.cookie, null);

    // the same account typed differently is the same account
    assert.equal((await page.login(' LOCKED@vigil.test', PASSWORD, { 'x-forwarded-for': '10.1.0.7' })).status, 429);

    now += 10 * 60 * 1000;
    const later = await page.login(account, PASSWORD, { 'x-forwarded-for': '10.1.0.8' });
    assert.equal(later.status, 429);
    assert.equal(later.body.error, 'too many sign-in attempts; try again in 5 minutes');
    assert.equal(later.headers.get('retry-after'), String(5 * 60));

    now += 5 * 60 * 1000;
    assert.equal((await page.login(account, PASSWORD, { 'x-forwarded-for': '10.1.0.9' })).status, 200);
  });

  it('a successful login clears the account failures', async () => {
    const account = 'forgetful@vigil.test';
    await vigil.server.engines.config.users.create(account, PASSWORD);
    const page = new PageClient(vigil.url);
    for (let i = 1; i <= 4; i++) assert.equal((await page.login(account, 'guess', { 'x-forwarded-for': '10.2.0.1' })).status, 401);
    assert.equal((await page.login(account, PASSWORD, { 'x-forwarded-for': '10.2.0.1' })).status, 200);
    for (let i = 1; i <= 4; i++) assert.equal((await page.login(account, 'guess', { 'x-forwarded-for': '10.2.0.1' })).status, 401);
    assert.equal((await page.login(account, PASSWORD, { 'x-forwarded-for': '10.2.0.1' })).status, 200);
  });

  it('limits one IP to 20 attempts per 15 minutes, whatever the accounts', async () => {
    const page = new PageClient(vigil.url);
    for (let i = 1; i <= 20; i++) {
      assert.equal((await page.login(`spray${i}@vigil.test`, 'guess', { 'x-forwarded-for': '10.3.0.1' })).status, 401, `attempt ${i}`);
    }
    const blocked = await page.login(ADMIN, PASSWORD, { 'x-forwarded-for': '10.3.0.1' });
    assert.equal(blocked.status, 429);
    assert.match(blocked.body.error, /^too many sign-in attempts; try again in \d+ minutes?$/);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.equal((await page.login(ADMIN, PASSWORD, { 'x-forwarded-for': '10.3.0.2' })).status, 200);
  });

  it('the session cookie opens every private route; logout ends it', async () => {
    const page = new PageClient(vigil.url);
    assert.equal((await page.login(ADMIN, PASSWORD, { 'x-forwarded-for': '10.4.0.1' })).status, 200);
    assert.equal((await page.request('GET', `/api/stats?site=${siteId}`)).status, 200);
    assert.equal((await page.request('GET', `/api/stats/realtime?site=${siteId}`)).status, 200);
    const sites = await page.request('GET', '/api/sites');
    assert.equal(sites.status, 200);
    assert.deepEqual(sites.body.sites.map((s: { domain: string }) => s.domain), ['auth.test']);

    const oldCookie = page.cookie!;
    const logout = await page.request('POST', '/api/auth/logout');
    assert.equal(logout.status, 204);
    assert.match(logout.headers.getSetCookie()[0]!, /^vigil_session=; .*Max-Age=0/);
    assert.equal(page.cookie, null);

    const replay = await fetch(`${vigil.url}/api/sites`, { headers: { cookie: oldCookie } });
    assert.equal(replay.status, 401);
    const state = await fetch(`${vigil.url}/api/auth/state`, { headers: { cookie: oldCookie } });
    assert.deepEqual(await state.json(), { setup_required: false, user: null, csrf_token: null });
  });

  it('a session expires after 30 days', async () => {
    const page = new PageClient(vigil.url);
    assert.equal((await page.login(ADMIN, PASSWORD, { 'x-forwarded-for': '10.5.0.1' })).status, 200);
    now += 30 * DAY - 1000;
    assert.equal((await page.request('GET', '/api/sites')).status, 200);
    now += 1000;
    const expired = await page.request('GET', '/api/sites');
    assert.equal(expired.status, 401);
    assert.equal(expired.body.error, 'authentication required');
    assert.equal((await page.state()).body.user, null);
  });

  it('API tokens keep working next to sessions', async () => {
    assert.equal((await vigil.api('/api/sites')).status, 200);
  });
});

describe('admin from the environment', () => {
  it('VIGIL_ADMIN_EMAIL and VIGIL_ADMIN_PASSWORD create the admin on start, and setup is closed', async () => {
    const server = await startTestServer({ env: { VIGIL_ADMIN_EMAIL: 'ops@vigil.test', VIGIL_ADMIN_PASSWORD: 'from the environment' } });
    try {
      const page = new PageClient(server.url);
      assert.equal((await page.state()).body.setup_required, false);
      assert.equal((await page.setup('intruder@vigil.test', 'intruder password')).status, 403);
      assert.equal((await page.login('ops@vigil.test', 'from the environment')).status, 200);
      assert.deepEqual((await page.state()).body.user, { email: 'ops@vigil.test' });
    } finally {
      await server.stop();
    }
  });
});
