/**
 * The page breakdown counts distinct visitors only for pages that can place (top-pages.ts). It
 * must answer exactly what the plain GROUP BY over events answers, for every limit, including
 * pages tied at the last place that are not among the pages with the most visits.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Filter, StatsQuery } from '../src/stats/model.ts';
import type { StoredEvent } from '../src/event/stored.ts';
import { generateEvents } from '../src/test/generate-events.ts';
import { rollupAndPlainBreakdowns } from '../src/test/rollup-vs-plain.ts';

const SITE = 'tp-site';
const START = Date.parse('2026-05-04T08:00:00Z');
const HOUR = 3_600_000;

function event(n: number, session: number, visitor: number, page: string, name: string, ts: number): StoredEvent {
  const hex = (x: number) => x.toString(16).padStart(16, '0');
  return {
    id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`, site_id: SITE, ts, name,
    visitor_id: hex(0xa000 + visitor), session_id: hex(0xb000 + session),
    hostname: 'example.com', page, title: '', referrer: '', source: '', channel: 'direct',
    utm_source: '', utm_medium: '', utm_campaign: '', utm_term: '', utm_content: '',
    country: 'US', browser: 'Chrome', os: 'Linux', device: 'desktop', screen: 'desktop', screen_width: 1920, language: 'en',
    engaged_ms: name === 'engagement' ? 1_000 * (1 + (n % 7)) : 0, scroll_pct: name === 'engagement' ? (n * 13) % 101 : 0,
    x: 0, y: 0, viewport_width: 0, selector: '', href: '', props: '{}',
  };
}

/**
 * Pages as [page, sessions per visitor]: /loyal has the most visits and a single visitor; /z gets
 * among the most visits with 3 visitors, tied with /c and /d, which sort before it but have fewer
 * visits, so only counting the pages beyond the visit leaders puts /c in third place.
 */
const PAGES: [string, number[]][] = [
  ['/loyal', [8]],
  ['/a', [1, 1, 1, 1, 1]],
  ['/b', [3, 1, 1, 1]],
  ['/z', [2, 1, 1]],
  ['/c', [1, 1, 1]],
  ['/d', [1, 1, 1]],
  ['/f', [1, 1]],
  ['/g', [1]],
];

function handMadeEvents(): StoredEvent[] {
  const events: StoredEvent[] = [];
  let session = 0;
  let visitor = 0;
  for (const [page, perVisitor] of PAGES) {
    for (const sessions of perVisitor) {
      visitor++;
      for (let s = 0; s < sessions; s++) {
        session++;
        const ts = START + session * HOUR;
        events.push(event(events.length, session, visitor, page, 'pageview', ts));
        events.push(event(events.length, session, visitor, page, 'engagement', ts + 30_000));
      }
    }
  }
  // A page with engagement and no pageview shows no row.
  events.push(event(events.length, ++session, ++visitor, '/quiet', 'engagement', START + session * HOUR));
  return events;
}


describe('page breakdown: distinct visitors only for pages that can place', () => {
  it('equals the plain GROUP BY for every limit, with a tie at the last place won by a page with fewer visits', async () => {
    const events = handMadeEvents();
    const whole = (filters: Filter[] = []): StatsQuery => ({ siteId: SITE, timezone: 'UTC', from: START, to: START + 60 * HOUR, filters });
    // A range whose edges cut through the middle of the sessions, so edge pairs are rebuilt too.
    const cut: StatsQuery = { siteId: SITE, timezone: 'UTC', from: START + 3 * HOUR + 10_000, to: START + 30 * HOUR + 10_000, filters: [] };
    const notLoyal = whole([{ dimension: 'page', op: 'is_not', values: ['/loyal'] }]);
    const limits = [1, 2, 3, 4, 5, 8, 9, 20];
    const queries = [whole(), notLoyal, cut].flatMap((q) => limits.map((limit) => ({ q, limit })));
    const { fast, plain } = await rollupAndPlainBreakdowns([events.slice(0, 40), events.slice(40)], 'page', 'page_visits', queries);

    // The case this is about: without /loyal, third place is a 3-visitor tie that /c wins over /z.
    const third = plain[queries.findIndex((x) => x.q === notLoyal && x.limit === 3)];
    assert.deepEqual(third?.map((r) => [r.value, r.visitors, r.visits]), [['/a', 5, 5], ['/b', 4, 6], ['/c', 3, 3]]);
    for (const [i, { q, limit }] of queries.entries()) {
      assert.deepEqual(fast[i], plain[i], `limit ${limit}, range ${q.from}..${q.to}, filters ${JSON.stringify(q.filters)}`);
    }
  });

  it('equals the plain GROUP BY on generated traffic for every limit from 1 to 12', async () => {
    const end = Date.parse('2026-03-01T00:00:00Z');
    const batches = [...generateEvents({ count: 8_000, sites: 1, bigSiteShare: 1, days: 2, end, seed: 11, batchSize: 2_000 })];
    const q: StatsQuery = { siteId: 'site-0', timezone: 'UTC', from: end - 40 * HOUR + 123_456, to: end - 2 * HOUR - 7_000, filters: [] };
    const queries = Array.from({ length: 12 }, (_, i) => ({ q, limit: i + 1 }));
    const { fast, plain } = await rollupAndPlainBreakdowns(batches, 'page', 'page_visits', queries);
    assert.ok((plain[11]?.length ?? 0) >= 6, 'the generated site has pages to rank');
    for (const [i, { limit }] of queries.entries()) assert.deepEqual(fast[i], plain[i], `limit ${limit}`);
  });
});
