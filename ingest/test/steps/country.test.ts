import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { openCountryLookup, type CountryLookup } from '../../src/geo/country-reader.ts';
import { countryFromCdnHeaders } from '../../src/geo/cdn-country.ts';
import { countryStep } from '../../src/pipeline/steps/country.ts';
import { isDropped } from '../../src/pipeline/drop-reason.ts';
import { draftOf, requestContext } from '../support/drafts.ts';

let lookup: CountryLookup;
before(async () => {
  lookup = await openCountryLookup();
});

test('the bundled DB-IP database places well-known public addresses', () => {
  // what the bundled dbip-country.mmdb says for these resolvers and registries
  assert.equal(lookup.country('8.8.8.8'), 'US');
  assert.equal(lookup.country('1.1.1.1'), 'AU');
  assert.equal(lookup.country('193.0.6.139'), 'NL');
  assert.equal(lookup.country('::ffff:193.0.6.139'), 'NL');
  assert.equal(lookup.country('2001:4860:4860::8888'), 'CA');
});

test('records kept by offset answer as a fresh decode does, for 20,000 addresses in any order', async () => {
  // the lookup keeps decoded records by their offset in the file; a second lookup decodes anew
  const fresh = await openCountryLookup();
  const addresses: string[] = [];
  for (let i = 0; i < 10_000; i++) addresses.push(`${(i * 37) % 224}.${(i * 101) % 256}.${(i * 7) % 256}.${1 + (i % 254)}`);
  for (let i = 0; i < 10_000; i++) addresses.push(`2${((i * 131) % 4096).toString(16).padStart(3, '0')}:${(i * 17).toString(16)}::${i.toString(16)}`);
  const first = addresses.map((ip) => lookup.country(ip));
  const countries = new Set(first.filter(Boolean));
  assert.ok(countries.size > 50, `${countries.size} countries among the addresses`);
  // the same answers again, now from kept records, and from another lookup in reverse order
  assert.deepEqual(addresses.map((ip) => lookup.country(ip)), first);
  assert.deepEqual([...addresses].reverse().map((ip) => fresh.country(ip)).reverse(), first);
});

test('loopback, private and malformed addresses have no country', () => {
  for (const ip of ['127.0.0.1', '::1', '10.1.2.3', '192.168.0.10', 'not-an-ip', '']) assert.equal(lookup.country(ip), '', ip);
});

test('CDN headers: the first real country code wins; XX, T1 and junk are ignored', () => {
  assert.equal(countryFromCdnHeaders({ 'cf-ipcountry': 'de' }), 'DE');
  assert.equal(countryFromCdnHeaders({ 'cf-ipcountry': 'XX', 'x-vercel-ip-country': 'FR' }), 'FR');
  assert.equal(countryFromCdnHeaders({ 'cf-ipcountry': 'T1', 'cloudfront-viewer-country': 'JP' }), 'JP');
  assert.equal(countryFromCdnHeaders({ 'x-country-code': 'USA' }), '');
  assert.equal(countryFromCdnHeaders({ 'x-country-code': '<script>' }), '');
  assert.equal(countryFromCdnHeaders({}), '');
});

test('the CDN header counts only behind a trusted proxy; otherwise the IP decides', async () => {
  const ctx = requestContext({ ip: '8.8.8.8', headers: { 'cf-ipcountry': 'DE' } });
  const trusted = await countryStep({ trustProxy: true, lookup }).run(draftOf(), ctx);
  const untrusted = await countryStep({ trustProxy: false, lookup }).run(draftOf(), ctx);
  assert.ok(!isDropped(trusted) && !isDropped(untrusted));
  assert.equal(trusted.event.country, 'DE');
  assert.equal(untrusted.event.country, 'US');

  const junkHeader = await countryStep({ trustProxy: true, lookup }).run(draftOf(), requestContext({ ip: '8.8.8.8', headers: { 'cf-ipcountry': 'XX' } }));
  assert.ok(!isDropped(junkHeader));
  assert.equal(junkHeader.event.country, 'US', 'falls back to the IP when the header says nothing');

  const local = await countryStep({ trustProxy: false, lookup }).run(draftOf(), requestContext({ ip: '127.0.0.1' }));
  assert.ok(!isDropped(local));
  assert.equal(local.event.country, '');
});
