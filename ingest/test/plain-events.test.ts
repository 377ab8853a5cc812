/**
 * The validate step's quick path must never take what the schema would refuse or change: for any
 * body it takes, the schema (after the sanitiser) accepts the same body and gives back the same
 * events. Bodies here are built around every field's limits, with wrong types, unknown and
 * prototype keys, unclean text and odd array sizes; the seed is printed for replays.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS, wireBatchSchema, wireEventSchema } from '@vigil/core/event/wire';
import { seededRandom, type Rng } from '@vigil/core/test/seeded-random';
import { plainEvent, plainEvents, ruleOf } from '../src/pipeline/plain-events.ts';
import { isPlainText, sanitizeJson, sanitizeText } from '../src/pipeline/sanitize.ts';
import { validateBody } from '../src/pipeline/steps/validate.ts';

const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** What the schema makes of a parsed body: its events, or null when it refuses the body. */
function bySchema(json: unknown): unknown[] | null {
  const parsed = wireBatchSchema.safeParse(sanitizeJson(json));
  return parsed.success ? parsed.data : null;
}

test("the quick path's rules are read from the schema", () => {
  const shape = wireEventSchema.shape;
  assert.deepEqual(ruleOf(shape.s), { kind: 'text', required: true, min: 1, max: 64 });
  assert.deepEqual(ruleOf(shape.u), { kind: 'text', required: true, min: 1, max: LIMITS.maxUrl });
  assert.deepEqual(ruleOf(shape.t), { kind: 'text', required: false, min: 0, max: LIMITS.maxTitle });
  assert.deepEqual(ruleOf(shape.e), { kind: 'int', required: false, min: 0, max: LIMITS.maxEngagedMs });
  assert.deepEqual(ruleOf(shape.d), { kind: 'int', required: false, min: 0, max: 100 });
  // props are a record with a refinement: always the schema's to judge
  assert.deepEqual(ruleOf(shape.p), { kind: 'schema', required: false });
});

test('what the tracker sends takes the quick path, as it is', () => {
  const base = { s: 'a1b2c3d4', u: 'https://example.com/pricing?utm_source=newsletter' };
  const events = [
    { ...base, n: 'pageview', r: 'https://www.google.com/', t: 'Pricing — Example', w: 1440, l: 'en-US' },
    { ...base, n: 'engagement', e: 45_210, d: 87 },
    { ...base, n: 'outbound', h: 'https://github.com/vigil' },
    { ...base, n: 'click', x: 640, y: 2210, v: 1280, c: 'main > button.cta' },
  ];
  for (const event of events) assert.equal(plainEvent(event), event, event.n);
  const json = JSON.parse(JSON.stringify(events));
  assert.equal(plainEvents(json), json);
  assert.deepEqual(bySchema(json), json);
  // a custom event with props is the schema's
  assert.equal(plainEvents([...json, { ...base, n: 'Signup', p: { plan: 'pro' } }]), null);
});

test('isPlainText holds only for text the sanitiser leaves as it is', () => {
  const r = seededRandom(SEED);
  const alphabet = ['a', 'Z', '9', ' ', '\t', '\n', '\u0000', '\u001f', '\u007f', '\u0085', '\u009f', '\u00a0', '\u00e9', '\u1680', '\u2000', '\u200b',
    '\u2028', '\u202f', '\u3000', '\ufeff', '\ud83d', '\ude00', '\ud83d\ude00', '—'];
  let plain = 0;
  for (let i = 0; i < 20_000; i++) {
    let s = '';
    for (let n = Math.floor(r() * 6); n > 0; n--) s += pick(r, alphabet);
    if (!isPlainText(s)) continue;
    plain++;
    assert.equal(sanitizeText(s), s, `seed ${SEED}: ${JSON.stringify(s)}`);
  }
  assert.ok(plain > 1_000, `only ${plain} plain strings were generated`);
  for (const s of ['Example — Home', 'Preise & Tarife', 'a b', '']) assert.ok(isPlainText(s), s);
});

/** A value for `key` near its limits or of the wrong kind. */
function valueFor(r: Rng, key: string): unknown {
  const rule = ruleOf(wireEventSchema.shape[key as keyof typeof wireEventSchema.shape]);
  const roll = r();
  // mostly values within the limits, so that whole events of them are valid often enough
  if (roll < 0.7) {
    if (rule.kind === 'text') return key === 'u' ? 'https://example.com/a' : 'abc'.slice(0, Math.max(rule.min, Math.min(3, rule.max)));
    if (rule.kind === 'int') return Math.min(rule.max, rule.min + 7);
  }
  if (roll < 0.75) return pick(r, [null, true, [], {}, '7', 7, 1.5, -1, 'x'.repeat(3), { a: 1 }]);
  if (rule.kind === 'text') {
    const length = pick(r, [rule.min, rule.min + 1, Math.min(rule.max, 12), rule.max, rule.max + 1, Math.max(0, rule.min - 1)]);
    const body = 'abc/é—'.repeat(Math.ceil(length / 6) + 1).slice(0, length);
    if (roll < 0.8 && body.length > 0) return pick(r, [` ${body.slice(1)}`, `${body.slice(1)}\n`, `\u0000${body.slice(1)}`, `${body.slice(1)}\ud83d`, `\ufeff${body.slice(1)}`]);
    return key === 'u' && body.length >= 10 ? `https://e.com/${body.slice(14)}`.slice(0, length) : body;
  }
  if (rule.kind === 'int') return pick(r, [rule.min, rule.min - 1, rule.max, rule.max + 1, Math.floor((rule.min + rule.max) / 2), 0.5, -0, Number.MAX_SAFE_INTEGER + 2]);
  return pick(r, [{ plan: 'pro' }, {}, { '': 1 }, [1], 'pro']);
}

function randomEvent(r: Rng): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const key of Object.keys(wireEventSchema.shape)) {
    const required = ['s', 'n', 'u'].includes(key);
    if ((required && r() < 0.97) || (!required && r() < 0.3)) event[key] = valueFor(r, key);
  }
  if (r() < 0.05) event[pick(r, ['zz', 'constructor', 'toString', 'S'])] = 'x';
  return event;
}

test('a body the quick path takes, the schema takes too, with the same events', () => {
  const r = seededRandom(SEED ^ 0x5eed);
  let taken = 0;
  let left = 0;
  for (let i = 0; i < 10_000; i++) {
    const count = i % 50 === 0 ? pick(r, [0, LIMITS.maxEventsPerRequest, LIMITS.maxEventsPerRequest + 1]) : pick(r, [1, 1, 1, 2, 3]);
    const events = Array.from({ length: count }, () => randomEvent(r));
    let text = JSON.stringify(count === 1 && r() < 0.5 ? events[0] : events);
    // a "__proto__" key is only an own key when it comes out of JSON.parse
    if (r() < 0.03) text = text.replace('{', '{"__proto__":"x",');
    const json: unknown = JSON.parse(text);
    const quick = plainEvents(json);
    if (quick === null) {
      left++;
      continue;
    }
    taken++;
    assert.deepEqual(bySchema(json), quick, `seed ${SEED}, body ${i}: ${text.slice(0, 300)}`);
  }
  // neither side may be empty, or the comparison proved nothing
  assert.ok(taken > 1_000 && left > 1_000, `seed ${SEED}: ${taken} taken, ${left} left to the schema`);
});

test('bodies the quick path leaves are still judged and explained by the schema', () => {
  const result = validateBody(JSON.stringify({ s: 'site1', n: 'pageview', u: 'https://example.com/', w: 100_001 }));
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.detail, [{ path: 'w', message: 'Too big: expected number to be <=100000' }]);
  const trimmed = validateBody(JSON.stringify({ s: 'site1', n: ' pageview ', u: 'https://example.com/' }));
  assert.ok(trimmed.ok);
  assert.equal(trimmed.events[0]?.wire.n, 'pageview');
});
