import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatsQuery, previousPeriod } from '../src/stats/parse.ts';
import { QueryError } from '../src/stats/query-error.ts';

const berlin = { id: 'site-1', timezone: 'Europe/Berlin' };
const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-03-29T10:30:00Z');

function rejects(params: Record<string, string>, pattern: RegExp, site = berlin) {
  assert.throws(() => parseStatsQuery(params, site, NOW), (e: unknown) => e instanceof QueryError && pattern.test(e.message));
}

describe('parseStatsQuery', () => {
  it('defaults to the last 7 local days including today, up to now', () => {
    const q = parseStatsQuery({}, berlin, NOW);
    assert.deepEqual(q, { siteId: 'site-1', timezone: 'Europe/Berlin', from: at('2026-03-22T23:00:00Z'), to: NOW, filters: [] });
  });
  it('date-only bounds are local midnights, `to` inclusive (over the DST change)', () => {
    const q = parseStatsQuery({ from: '2026-03-28', to: '2026-03-29' }, berlin, NOW);
    assert.equal(q.from, at('2026-03-27T23:00:00Z'));
    assert.equal(q.to, at('2026-03-29T22:00:00Z'));
  });
  it('ISO instants are taken as they are', () => {
    const q = parseStatsQuery({ from: '2026-03-01T10:00:00+05:45', to: '2026-03-02T00:00:00.500Z' }, berlin, NOW);
    assert.equal(q.from, at('2026-03-01T04:15:00Z'));
    assert.equal(q.to, at('2026-03-02T00:00:00.500Z'));
  });
  it('a lone `to` gets the 7 local days before it', () => {
    const q = parseStatsQuery({ to: '2026-01-10' }, { id: 's', timezone: 'America/New_York' }, NOW);
    assert.equal(q.from, at('2026-01-04T05:00:00Z'));
    assert.equal(q.to, at('2026-01-11T05:00:00Z'));
  });
  it('parses the filter', () => {
    assert.deepEqual(parseStatsQuery({ filter: 'country==de' }, berlin, NOW).filters, [{ dimension: 'country', op: 'is', values: ['DE'] }]);
  });
  it('rejects from >= to', () => {
    rejects({ from: '2026-03-10', to: '2026-03-09' }, /must be before/);
    rejects({ from: '2026-03-10T00:00:00Z', to: '2026-03-10T00:00:00Z' }, /must be before/);
  });
  it('rejects a range over 5 years, accepts exactly 5 years', () => {
    rejects({ from: '2020-01-01', to: '2025-01-01' }, /5 years/);
    const q = parseStatsQuery({ from: '2020-01-01', to: '2024-12-31' }, berlin, NOW);
    assert.equal(q.to - q.from, (366 + 365 + 365 + 365 + 366) * 86_400_000);
  });
  it('rejects malformed dates and instants', () => {
    rejects({ from: '2026-02-30' }, /not a valid date/);
    rejects({ from: 'yesterday' }, /ISO 8601/);
    rejects({ from: '2026-03-01T10:00:00' }, /ISO 8601/);
    rejects({ to: '2026-03-01T25:00:00Z' }, /invalid time/);
    rejects({ to: '1969-12-31' }, /not a valid date/);
  });
  it('rejects an unknown site time zone', () => rejects({}, /time zone/, { id: 's', timezone: 'Nowhere/Land' }));
  it('a bad filter is a QueryError too', () => rejects({ filter: 'shoe==42' }, /unknown dimension/));
});

describe('previousPeriod', () => {
  it('is the same length immediately before', () => {
    const q = parseStatsQuery({ from: '2026-03-28', to: '2026-03-29' }, berlin, NOW);
    const p = previousPeriod(q);
    assert.equal(p.to, q.from);
    assert.equal(p.to - p.from, q.to - q.from);
    assert.equal(p.from, at('2026-03-26T00:00:00Z'));
    assert.deepEqual({ ...p, from: 0, to: 0 }, { ...q, from: 0, to: 0 });
  });
});
