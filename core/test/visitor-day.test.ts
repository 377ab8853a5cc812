import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dayNumber, dayOfVisitorId, visitorIdOfDay } from '../src/privacy/visitor-day.ts';

describe('visitor ids name their UTC day', () => {
  it('the first 4 hex digits are the day number, the other 12 the hash', () => {
    const day = dayNumber(Date.parse('2026-11-26T23:59:59.999Z'));
    assert.equal(day, dayNumber(Date.parse('2026-11-26T00:00:00Z')));
    assert.equal(day + 1, dayNumber(Date.parse('2026-11-27T00:00:00Z')));
    const id = visitorIdOfDay(day, '0123456789abcdef0123');
    assert.equal(id, `${day.toString(16).padStart(4, '0')}0123456789ab`);
    assert.equal(dayOfVisitorId(id), day);
    // As the DuckDB store keys it (16 hex digits as a UBIGINT), the day is the top 16 bits.
    assert.equal(BigInt(`0x${id}`) >> 48n, BigInt(day));
  });

  it('refuses days it cannot hold and hashes too short; other ids name no day', () => {
    assert.throws(() => visitorIdOfDay(-1, '0123456789ab'), RangeError);
    assert.throws(() => visitorIdOfDay(0x10000, '0123456789ab'), RangeError);
    assert.throws(() => visitorIdOfDay(1.5, '0123456789ab'), RangeError);
    assert.throws(() => visitorIdOfDay(1, '0123456789a'), TypeError);
    assert.equal(dayOfVisitorId('visitor-1'), null);
    assert.equal(dayOfVisitorId('0123456789ABCDEF'), null);
  });
});
