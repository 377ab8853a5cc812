import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateBody, type FieldProblem } from '../../src/pipeline/steps/validate.ts';

const event = { s: 'site1', n: 'pageview', u: 'https://example.com/pricing' };

function problems(body: unknown): FieldProblem[] {
  const result = validateBody(body);
  if (result.ok) assert.fail('expected a rejection');
  assert.ok(Array.isArray(result.detail), `expected field problems, got ${String(result.detail)}`);
  return result.detail;
}

const paths = (body: unknown) => problems(body).map((p) => p.path);
const firstMessage = (body: unknown) => problems(body)[0]?.message ?? '';

test('one event or an array of events parse to a list with parsed page URLs', () => {
  const single = validateBody(JSON.stringify(event));
  assert.ok(single.ok);
  assert.equal(single.events.length, 1);
  assert.equal(single.events[0]?.pageUrl.pathname, '/pricing');

  const batch = validateBody(JSON.stringify([event, { ...event, n: 'signup', p: { plan: 'pro', seats: 3, trial: true } }]));
  assert.ok(batch.ok);
  assert.deepEqual(batch.events.map((e) => e.wire.n), ['pageview', 'signup']);
  assert.deepEqual(batch.events[1]?.wire.p, { plan: 'pro', seats: 3, trial: true });
});

test('malformed JSON and empty bodies are rejected with a message', () => {
  const bad = validateBody('{"s": "site1",');
  assert.equal(bad.ok, false);
  assert.equal(!bad.ok && bad.error, 'body is not valid JSON');
  const empty = validateBody('   ');
  assert.equal(!empty.ok && empty.error, 'empty body');
  assert.equal(validateBody(undefined).ok, false);
});

test('a wrong type names the field', () => {
  assert.deepEqual(paths(JSON.stringify({ ...event, w: 'wide' })), ['w']);
  assert.deepEqual(paths(JSON.stringify({ s: 'site1' })).sort(), ['n', 'u']);
});

test('in an array, the index and path of the bad field are named', () => {
  const body = JSON.stringify([event, event, { ...event, p: { plan: { nested: true } } }, { ...event, e: -5 }]);
  assert.deepEqual(paths(body), ['[2].p.plan', '[3].e']);
  assert.equal(firstMessage(body), 'must be a string, a number or a boolean');
});

test('huge strings, too many props and too many events are rejected', () => {
  const longUrl = JSON.stringify({ ...event, u: `https://example.com/${'a'.repeat(3000)}` });
  assert.deepEqual(paths(longUrl), ['u']);
  assert.match(firstMessage(longUrl), /2048/);

  const props = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, i]));
  assert.equal(validateBody(JSON.stringify({ ...event, p: props })).ok, false);

  assert.match(firstMessage(JSON.stringify(Array.from({ length: 101 }, () => event))), /100/);
  assert.equal(validateBody(JSON.stringify(Array.from({ length: 100 }, () => event))).ok, true);
  assert.equal(validateBody('[]').ok, false);
});

test('a body that is neither an object nor an array says what is expected', () => {
  for (const body of ['42', '"text"', 'null']) {
    assert.match(firstMessage(body), /event object or an array/);
  }
});

test('the page URL must be an absolute http(s) URL', () => {
  assert.deepEqual(paths(JSON.stringify([event, { ...event, u: 'javascript:alert(1)' }, { ...event, u: '/relative' }])), ['[1].u', '[2].u']);
});

test('control characters and lone surrogates are stripped and strings trimmed', () => {
  const result = validateBody(JSON.stringify({ ...event, t: '  Pri\u0000cing\u0007 \ud800page\u001b ', p: { 'pl\u0000an': 'p\udfffro\u0085' } }));
  assert.ok(result.ok);
  assert.equal(result.events[0]?.wire.t, 'Pricing page');
  assert.deepEqual(result.events[0]?.wire.p, { plan: 'pro' });
  // a well-formed pair (an emoji) is kept
  const emoji = validateBody(JSON.stringify({ ...event, t: 'Hi \ud83d\ude00' }));
  assert.equal(emoji.ok && emoji.events[0]?.wire.t, 'Hi \ud83d\ude00');
  // a site id of only control characters is empty after sanitising, so it is invalid
  assert.equal(validateBody(JSON.stringify({ ...event, s: '\u0000\u0001' })).ok, false);
});

test('deeply nested junk is rejected, not a stack overflow', () => {
  const depth = 30_000;
  const nested = '['.repeat(depth) + ']'.repeat(depth);
  assert.deepEqual(paths(nested), ['[0]']);
  assert.deepEqual(paths(`{"s":"a","n":"b","u":"https://example.com/","p":{"k":${nested}}}`), ['p.k']);
});
