/**
 * Walks every route the server registered and proves that none of the private ones answers
 * without a valid token; the public ones are named here, one by one, with the reason.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '@vigil/core/test/test-server';
import { registeredRoutes } from '@vigil/core/http/app';

/** Routes that are public on purpose. Anything else must demand auth. */
const PUBLIC = new Set([
  'GET /', // landing page
  'HEAD /',
  'GET /track.js', // the tracker, loaded by every visitor
  'HEAD /track.js',
  'GET /track-clicks.js',
  'HEAD /track-clicks.js',
  'POST /api/track', // events from visitors' browsers
  'OPTIONS /api/track', // its CORS preflight
  'GET /api/health', // load balancers; numbers only, no personal data
  'HEAD /api/health',
  'GET /api/openapi.json', // the API description
  'HEAD /api/openapi.json',
  'GET /api/auth/state', // the sign-in page asks whether setup is pending and who is signed in
  'HEAD /api/auth/state',
  'POST /api/auth/setup', // first run: creates the admin, closed (403) once a user exists
  'POST /api/auth/login', // signing in cannot require being signed in; rate limited, same-origin only
  'GET /api/stats/public', // landing-page social proof: three counts across all sites, no personal data
  'HEAD /api/stats/public',
]);

let vigil: TestServer;
let siteId: string;

describe('every private route demands auth', () => {
  before(async () => {
    vigil = await startTestServer();
    siteId = (await vigil.addSite({ domain: 'walk.test' })).id;
  });
  after(() => vigil?.stop());

  it('answers 401 JSON without a token, with a wrong one and with a malformed header', async () => {
    const routes = registeredRoutes(vigil.server.app);
    assert.ok(routes.length >= 10, `found only ${routes.length} routes`);
    const privateRoutes = routes.filter((r) => !PUBLIC.has(`${r.method} ${r.url}`));
    assert.ok(privateRoutes.some((r) => r.url === '/api/stats'), 'the stats routes are among the private ones');
    for (const route of privateRoutes) {
      const path = route.url.replace(/:(\w+)/g, 'x').replace('*', 'x') + `?site=${siteId}`;
      for (const authorization of [undefined, 'Bearer vgl_wrongwrongwrongwrongwrongwrongwr', 'Basic YWRtaW46YWRtaW4=', 'Bearer']) {
        const res = await fetch(vigil.url + path, {
          method: route.method,
          headers: authorization ? { authorization } : {},
          body: ['POST', 'PUT', 'PATCH'].includes(route.method) ? '{}' : undefined,
        });
        const text = await res.text();
        assert.equal(res.status, 401, `${route.method} ${route.url} with ${authorization ?? 'no auth'} answered ${res.status}: ${text}`);
        if (route.method !== 'HEAD') assert.equal(JSON.parse(text).error, 'authentication required');
      }
    }
  });

  it('lets a valid token through', async () => {
    const res = await vigil.api(`/api/stats?site=${siteId}`);
    assert.equal(res.status, 200);
  });

  it('the public routes are really there, so the allow-list cannot go stale', async () => {
    const registered = new Set(registeredRoutes(vigil.server.app).map((r) => `${r.method} ${r.url}`));
    for (const route of PUBLIC) assert.ok(registered.has(route), `${route} is allow-listed but not registered`);
  });

  it('the OpenAPI document describes every API route', async () => {
    const res = await fetch(`${vigil.url}/api/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { security?: unknown }>> };
    assert.equal(doc.openapi, '3.1.0');
    const api = registeredRoutes(vigil.server.app).filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.method !== 'OPTIONS');
    for (const r of api) {
      const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      assert.ok(op, `${r.method} ${r.url} missing from the OpenAPI document`);
      assert.equal(Boolean(op.security), !PUBLIC.has(`${r.method} ${r.url}`), `${r.method} ${r.url} security in OpenAPI`);
    }
    const breakdown = doc.paths['/api/stats/breakdown']!.get as unknown as { parameters: { name: string }[] };
    assert.deepEqual(breakdown.parameters.map((p) => p.name).sort(), ['by', 'filter', 'from', 'limit', 'site', 'to']);
  });
});
