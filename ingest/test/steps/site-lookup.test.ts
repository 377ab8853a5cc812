import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Site } from '@vigil/core/configdb/config-store';
import { SiteCache } from '../../src/sites/site-cache.ts';
import { hostnameMatchesSite } from '../../src/sites/hostname-matches.ts';
import { siteLookupStep } from '../../src/pipeline/steps/site-lookup.ts';
import { isDropped } from '../../src/pipeline/drop-reason.ts';
import { draftOf, requestContext } from '../support/drafts.ts';
import { tempConfigStore } from '../support/config-store.ts';

let store: Awaited<ReturnType<typeof tempConfigStore>>;
let site: Site;

before(async () => {
  store = await tempConfigStore();
  site = await store.sites.create({ domain: 'example.com', allowed_hostnames: ['staging.example.net', 'localhost'] });
});
after(() => store.dispose());

test('hostnames: the domain, its subdomains and allowed hosts (with subdomains) match', () => {
  const cases: [string, boolean][] = [
    ['example.com', true],
    ['www.example.com', true],
    ['a.b.example.com', true],
    ['EXAMPLE.COM', true],
    ['badexample.com', false],
    ['example.com.evil.io', false],
    ['staging.example.net', true],
    ['pr-12.staging.example.net', true],
    ['example.net', false],
    ['localhost', true],
    ['other.org', false],
  ];
  for (const [host, expected] of cases) assert.equal(hostnameMatchesSite(host, site), expected, host);
});

test('the step attaches the site, or drops unknown sites and foreign hostnames', async () => {
  const step = siteLookupStep(new SiteCache(store.sites));
  const ctx = requestContext();
  const ok = await step.run(draftOf({ s: site.id, u: 'https://blog.example.com/post' }), ctx);
  assert.ok(!isDropped(ok));
  assert.equal(ok.site?.domain, 'example.com');

  const local = await step.run(draftOf({ s: site.id, u: 'http://localhost:3000/' }), ctx);
  assert.ok(!isDropped(local));

  assert.deepEqual(await step.run(draftOf({ s: 'no-such-site', u: 'https://example.com/' }), ctx), { dropped: 'unknown_site' });
  assert.deepEqual(await step.run(draftOf({ s: site.id, u: 'https://copycat.io/' }), ctx), { dropped: 'hostname_mismatch' });
});

test('unknown ids are remembered briefly, known sites longer, and lookups are shared', async () => {
  let lookups = 0;
  const countingSites = { ...store.sites, get: (id: string) => { lookups++; return store.sites.get(id); } };
  const cache = new SiteCache(countingSites, { negativeTtlMs: 150, positiveTtlMs: 10_000 });

  await Promise.all(Array.from({ length: 50 }, () => cache.get('flood-id')));
  assert.equal(await cache.get('flood-id'), null);
  assert.equal(lookups, 1, 'a flood of one unknown id reaches the database once');

  assert.equal((await cache.get(site.id))?.domain, 'example.com');
  assert.equal((await cache.get(site.id))?.domain, 'example.com');
  assert.equal(lookups, 2, 'a known site is read once');

  await sleep(200);
  await cache.get('flood-id');
  await cache.get(site.id);
  assert.equal(lookups, 3, 'only the miss expired');
});
