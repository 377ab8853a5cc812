import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  bucketStarts, formatInZone, isValidTimeZone, localDate, localMidnight, offsetSpans, startOfLocalDay, zoneOffsetMs,
} from '../src/time/zone.ts';

const at = (iso: string) => Date.parse(iso);
const H = 3_600_000;

describe('zone offsets', () => {
  it('Berlin is +1 in winter and +2 in summer, switching at 01:00Z', () => {
    assert.equal(zoneOffsetMs('Europe/Berlin', at('2026-01-15T12:00:00Z')), H);
    assert.equal(zoneOffsetMs('Europe/Berlin', at('2026-03-29T00:59:59Z')), H);
    assert.equal(zoneOffsetMs('Europe/Berlin', at('2026-03-29T01:00:00Z')), 2 * H);
  });
  it('New York is -5 / -4, Kathmandu +05:45 all year', () => {
    assert.equal(zoneOffsetMs('America/New_York', at('2026-01-15T12:00:00Z')), -5 * H);
    assert.equal(zoneOffsetMs('America/New_York', at('2026-07-15T12:00:00Z')), -4 * H);
    assert.equal(zoneOffsetMs('Asia/Kathmandu', at('2026-07-15T12:00:00Z')), 5 * H + 45 * 60_000);
  });
  it('knows valid zone names from invalid ones', () => {
    assert.equal(isValidTimeZone('Europe/Berlin'), true);
    assert.equal(isValidTimeZone('Mars/Olympus'), false);
    assert.equal(isValidTimeZone(''), false);
  });
});

describe('local days', () => {
  it('local midnight around DST in Berlin', () => {
    assert.equal(localMidnight('2026-03-29', 'Europe/Berlin'), at('2026-03-28T23:00:00Z'));
    assert.equal(localMidnight('2026-03-30', 'Europe/Berlin'), at('2026-03-29T22:00:00Z'));
    assert.equal(localMidnight('2026-10-25', 'Europe/Berlin'), at('2026-10-24T22:00:00Z'));
    assert.equal(localMidnight('2026-10-26', 'Europe/Berlin'), at('2026-10-25T23:00:00Z'));
  });
  it('local midnight in New York and Kathmandu', () => {
    assert.equal(localMidnight('2026-03-08', 'America/New_York'), at('2026-03-08T05:00:00Z'));
    assert.equal(localMidnight('2026-03-09', 'America/New_York'), at('2026-03-09T04:00:00Z'));
    assert.equal(localMidnight('2026-06-01', 'Asia/Kathmandu'), at('2026-05-31T18:15:00Z'));
  });
  it('a skipped midnight starts the day at the transition (Santiago)', () => {
    assert.equal(formatInZone(localMidnight('2026-09-06', 'America/Santiago'), 'America/Santiago'), '2026-09-06T01:00:00-03:00');
  });
  it('start of the local day and the local date of an instant', () => {
    assert.equal(startOfLocalDay(at('2026-03-29T21:59:59Z'), 'Europe/Berlin'), at('2026-03-28T23:00:00Z'));
    assert.equal(startOfLocalDay(at('2026-03-29T22:00:00Z'), 'Europe/Berlin'), at('2026-03-29T22:00:00Z'));
    assert.equal(localDate(at('2026-06-01T18:14:59Z'), 'Asia/Kathmandu'), '2026-06-01');
    assert.equal(localDate(at('2026-06-01T18:15:00Z'), 'Asia/Kathmandu'), '2026-06-02');
    assert.equal(localDate(at('2026-01-01T03:00:00Z'), 'America/New_York'), '2025-12-31');
  });
});

describe('bucket starts', () => {
  it('a spring-forward day has 23 hourly buckets, 02:00 missing', () => {
    const hours = bucketStarts(localMidnight('2026-03-29', 'Europe/Berlin'), localMidnight('2026-03-30', 'Europe/Berlin'), 'hour', 'Europe/Berlin')
      .map((t) => formatInZone(t, 'Europe/Berlin'));
    assert.equal(hours.length, 23);
    assert.deepEqual(hours.slice(1, 3), ['2026-03-29T01:00:00+01:00', '2026-03-29T03:00:00+02:00']);
  });
  it('a fall-back day has 25 hourly buckets, 01:00 twice (New York)', () => {
    const hours = bucketStarts(localMidnight('2026-11-01', 'America/New_York'), localMidnight('2026-11-02', 'America/New_York'), 'hour', 'America/New_York')
      .map((t) => formatInZone(t, 'America/New_York'));
    assert.equal(hours.length, 25);
    assert.deepEqual(hours.slice(1, 3), ['2026-11-01T01:00:00-04:00', '2026-11-01T01:00:00-05:00']);
  });
  it('day buckets over a DST change are local midnights with no holes', () => {
    const days = bucketStarts(at('2026-03-27T12:00:00Z'), at('2026-03-31T00:00:00Z'), 'day', 'Europe/Berlin').map((t) => formatInZone(t, 'Europe/Berlin'));
    assert.deepEqual(days, ['2026-03-27T00:00:00+01:00', '2026-03-28T00:00:00+01:00', '2026-03-29T00:00:00+01:00', '2026-03-30T00:00:00+02:00', '2026-03-31T00:00:00+02:00']);
  });
  it('hour buckets in a +05:45 zone start at :15 UTC', () => {
    const hours = bucketStarts(at('2026-06-01T10:20:00Z'), at('2026-06-01T12:20:00Z'), 'hour', 'Asia/Kathmandu');
    assert.deepEqual(hours, [at('2026-06-01T10:15:00Z'), at('2026-06-01T11:15:00Z'), at('2026-06-01T12:15:00Z')]);
    assert.equal(formatInZone(hours[0]!, 'Asia/Kathmandu'), '2026-06-01T16:00:00+05:45');
  });
  it('an empty range has no buckets', () => {
    assert.deepEqual(bucketStarts(10, 10, 'day', 'UTC'), []);
  });
});

describe('formatting and offset spans', () => {
  it('formats with the offset in effect at the instant', () => {
    assert.equal(formatInZone(at('2026-03-28T23:00:00Z'), 'Europe/Berlin'), '2026-03-29T00:00:00+01:00');
    assert.equal(formatInZone(at('2026-01-01T12:00:00Z'), 'America/New_York'), '2026-01-01T07:00:00-05:00');
    assert.equal(formatInZone(at('2026-01-01T12:00:00Z'), 'UTC'), '2026-01-01T12:00:00+00:00');
  });
  it('offset spans list each transition in the range to the second', () => {
    assert.deepEqual(offsetSpans(at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 'Europe/Berlin'), [
      { from: at('2026-01-01T00:00:00Z'), offset: H },
      { from: at('2026-03-29T01:00:00Z'), offset: 2 * H },
      { from: at('2026-10-25T01:00:00Z'), offset: H },
    ]);
    assert.deepEqual(offsetSpans(at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 'Asia/Kathmandu'), [
      { from: at('2026-01-01T00:00:00Z'), offset: 5 * H + 45 * 60_000 },
    ]);
  });
});
