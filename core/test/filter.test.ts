import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatFilter, parseFilter } from '../src/stats/filter.ts';
import { QueryError } from '../src/stats/query-error.ts';

function rejects(text: string, pattern: RegExp) {
  assert.throws(() => parseFilter(text), (e: unknown) => e instanceof QueryError && e.status === 400 && pattern.test(e.message));
}

describe('parseFilter', () => {
  it('parses clauses, operators and alternatives', () => {
    assert.deepEqual(parseFilter('page==/pricing;country==us|de;source!=Google'), [
      { dimension: 'page', op: 'is', values: ['/pricing'] },
      { dimension: 'country', op: 'is', values: ['US', 'DE'] },
      { dimension: 'source', op: 'is_not', values: ['Google'] },
    ]);
  });
  it('an empty filter is no filter', () => {
    assert.deepEqual(parseFilter(''), []);
  });
  it('backslash escapes the separators inside values', () => {
    assert.deepEqual(parseFilter('page==/a\\;b\\|c\\=d\\!e\\\\f|/g'), [{ dimension: 'page', op: 'is', values: ['/a;b|c=d!e\\f', '/g'] }]);
  });
  it('keeps an unescaped = inside a value', () => {
    assert.deepEqual(parseFilter('page==/search?q=a'), [{ dimension: 'page', op: 'is', values: ['/search?q=a'] }]);
  });
  it('round-trips any value through formatFilter', () => {
    const filters = [{ dimension: 'page' as const, op: 'is_not' as const, values: [`a'b"c\\;|=!\0ü😀 OR 1=1`, '/x'] }];
    assert.deepEqual(parseFilter(formatFilter(filters)), filters);
  });
  it('names the clause of an unknown dimension', () => rejects('page==/;colour==red', /clause 2 .*unknown dimension "colour"/));
  it('rejects a clause without an operator', () => rejects('page=/x', /clause 1 .*operator/));
  it('rejects a clause with no operator at all', () => rejects('country', /clause 1 .*no operator/));
  it('rejects empty values', () => {
    rejects('page==', /empty value/);
    rejects('page==/a|', /empty value/);
  });
  it('rejects an empty clause', () => rejects('page==/a;;country==US', /clause 2 is empty/));
  it('rejects an invalid escape and a trailing backslash', () => {
    rejects('page==/a\\n', /invalid escape/);
    rejects('page==/a\\', /lone backslash/);
  });
  it('allows 20 clauses and rejects 21', () => {
    assert.equal(parseFilter(Array(20).fill('country==US').join(';')).length, 20);
    rejects(Array(21).fill('country==US').join(';'), /21 clauses/);
  });
  it('rejects a missing dimension name', () => rejects('==x', /names no dimension/));
});
