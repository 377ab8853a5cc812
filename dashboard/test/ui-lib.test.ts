/**
 * The dashboard's client-side logic that needs no browser: CSV quoting, filters in the URL against
 * the server's own filter parser, ranges in a site's time zone, and the live channel's backoff.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFilter } from '@vigil/core/stats/filter';
import { toCsv } from '../lib/csv.ts';
import { parseFilters, serializeFilters, withFilter, type Filter } from '../lib/filters.ts';
import { rangeParams } from '../lib/range.ts';
import { backoffDelay } from '../lib/live.ts';

describe('CSV export', () => {
  test('quotes commas, quotes and line breaks (RFC 4180) and leaves plain cells alone', () => {
    const csv = toCsv(['page', 'visitors'], [
      ['/plain', 3],
      ['/a,b', 2],
      ['say "hi"', 1],
      ['two\nlines', 0],
      [' padded ', 5],
    ]);
    assert.equal(csv, 'page,visitors\r\n/plain,3\r\n"/a,b",2\r\n"say ""hi""",1\r\n"two\nlines",0\r\n" padded ",5\r\n');
  });

  test('a visitor-made value cannot become a spreadsheet formula', () => {
    assert.equal(toCsv(['v'], [['=HYPERLINK("http://evil")'], ['+1'], ['@SUM(A1)'], ['-2']]), `v\r\n"'=HYPERLINK(""http://evil"")"\r\n'+1\r\n'@SUM(A1)\r\n'-2\r\n`);
    assert.equal(toCsv(['n'], [[-2], [null], [undefined]]), 'n\r\n-2\r\n\r\n\r\n');
  });
});

describe('filters in the URL', () => {
  const tricky: Filter[] = [
    { dimension: 'page', op: 'is', values: ['/a;b|c=d!e\\f'] },
    { dimension: 'country', op: 'is_not', values: ['US', 'CA'] },
    { dimension: 'event', op: 'is', values: ['<img src=x onerror=alert(1)>'] },
  ];

  test('what the dashboard writes, the server reads back exactly', () => {
    const text = serializeFilters(tricky);
    assert.deepEqual(parseFilter(text), tricky);
    assert.deepEqual(parseFilters(text), tricky);
  });

  test('a hand-edited URL with broken clauses keeps the readable ones', () => {
    assert.deepEqual(parseFilters('nonsense==1;page==/x;browser~Chrome;source!='), [{ dimension: 'page', op: 'is', values: ['/x'] }]);
    assert.deepEqual(parseFilters(null), []);
  });

  test('clicking a row replaces the filter on that dimension', () => {
    const once = withFilter([], 'page', '/a');
    const twice = withFilter(once, 'page', '/b');
    assert.deepEqual(twice, [{ dimension: 'page', op: 'is', values: ['/b'] }]);
    assert.equal(withFilter(twice, 'country', 'DE').length, 2);
  });
});

describe('ranges in the site time zone', () => {
  // 2026-03-29 00:30 in Berlin is still 2026-03-28 in UTC
  const now = Date.parse('2026-03-28T23:30:00Z');

  test('today and the last 7 days start at local dates of the site', () => {
    assert.deepEqual(rangeParams({ key: 'today' }, 'Europe/Berlin', now), { from: '2026-03-29', interval: 'hour', live: true });
    assert.deepEqual(rangeParams({ key: 'today' }, 'UTC', now), { from: '2026-03-28', interval: 'hour', live: true });
    assert.equal(rangeParams({ key: '7d' }, 'Europe/Berlin', now).from, '2026-03-23');
    assert.equal(rangeParams({ key: '30d' }, 'UTC', now).from, '2026-02-27');
    assert.equal(rangeParams({ key: '12mo' }, 'UTC', now).from, '2025-03-29');
  });

  test('last 24 hours is an instant; custom ranges are inclusive dates and pick their interval', () => {
    assert.deepEqual(rangeParams({ key: '24h' }, 'Asia/Kathmandu', now), { from: '2026-03-27T23:30:00.000Z', interval: 'hour', live: true });
    assert.deepEqual(rangeParams({ key: 'custom', from: '2026-03-01', to: '2026-03-02' }, 'UTC', now), { from: '2026-03-01', to: '2026-03-02', interval: 'hour', live: false });
    assert.deepEqual(rangeParams({ key: 'custom', from: '2026-03-01', to: '2026-03-28' }, 'UTC', now), { from: '2026-03-01', to: '2026-03-28', interval: 'day', live: true });
    // an end before the start falls back to today
    assert.equal(rangeParams({ key: 'custom', from: '2026-03-10', to: '2026-03-01' }, 'UTC', now).to, '2026-03-28');
  });
});

describe('live reconnect backoff', () => {
  test('doubles from 1 s to a 30 s cap, with at most 20 % jitter either way', () => {
    const low = () => 0;
    const high = () => 0.999999;
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, () => 0.5)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    assert.equal(backoffDelay(0, low), 800);
    assert.equal(backoffDelay(0, high), 1200);
    assert.equal(backoffDelay(10, high), 30000);
  });
});
