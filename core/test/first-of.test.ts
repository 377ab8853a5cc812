import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { firstOfChanges, type SessionKeys } from '../src/store/duckdb/daily-visitors.ts';
import { DIMENSION_ORDER, FIRST_OF_ALL, FIRST_OF_ONLY, FIRST_OF_VISITOR, LAST_OF_VISITOR, firstOfBit } from '../src/stats/sql/daily-visitors.ts';

let rows = 0n;

/** A session (in the next row) whose keys are all 'same', but those given. */
function session(site: string, visitor: bigint, id: bigint, firstOf: number, keys: Partial<Record<string, string>> = {}, start = 0): SessionKeys {
  return { rowid: ++rows, site, visitor, session: id, start, firstOf, keys: DIMENSION_ORDER.map((d) => keys[d] ?? 'same') };
}

const FIRST_OF_MANY = FIRST_OF_ALL & ~FIRST_OF_ONLY & ~LAST_OF_VISITOR;

describe('first_of flags of a visitor\'s sessions', () => {
  it('the first session gets every bit but last and only; a later one only the bits of values not seen in an earlier one; the last its own', () => {
    const sessions = [
      session('s', 7n, 30n, FIRST_OF_ALL, { source: 'Google', country: 'DE' }),
      session('s', 7n, 10n, FIRST_OF_ALL, {}),
      session('s', 7n, 20n, 0, { source: 'Google' }),
    ];
    const [s30, s10, s20] = sessions.map((s) => s.rowid);
    // all start together, so by id: 10 is the first, 30 the last
    assert.deepEqual(firstOfChanges(sessions), [
      { rowid: s10, firstOf: FIRST_OF_MANY },
      { rowid: s20, firstOf: firstOfBit('source') },
      { rowid: s30, firstOf: firstOfBit('country') | LAST_OF_VISITOR },
    ]);
  });

  it('orders a visitor\'s sessions by start first: a late event that moves a start moves the flags', () => {
    const early = session('s', 3n, 99n, 0, { country: 'FR' }, 1_000);
    const late = session('s', 3n, 1n, FIRST_OF_ALL, {}, 5_000);
    assert.deepEqual(firstOfChanges([late, early]), [
      { rowid: early.rowid, firstOf: FIRST_OF_MANY },
      { rowid: late.rowid, firstOf: firstOfBit('country') | LAST_OF_VISITOR },
    ]);
  });

  it('keeps sites and visitors apart, orders session ids as unsigned 64-bit numbers, and reports nothing that is already right', () => {
    const big = 0xffff_0000_0000_0001n;
    const sessions = [
      session('a', 1n, big, 0), session('a', 1n, 5n, 0),
      session('b', 1n, 9n, FIRST_OF_ALL), session('a', 2n, 9n, FIRST_OF_ALL),
    ];
    assert.deepEqual(firstOfChanges(sessions), [
      { rowid: sessions[1]!.rowid, firstOf: FIRST_OF_MANY },
      { rowid: sessions[0]!.rowid, firstOf: LAST_OF_VISITOR },
    ]);
    assert.equal(FIRST_OF_ALL & FIRST_OF_VISITOR, FIRST_OF_VISITOR);
    assert.equal(FIRST_OF_ONLY, firstOfBit(DIMENSION_ORDER.at(-1)!) << 1);
    assert.equal(LAST_OF_VISITOR, FIRST_OF_ONLY << 1);
    assert.equal(FIRST_OF_ALL, (LAST_OF_VISITOR << 1) - 1);
  });
});
