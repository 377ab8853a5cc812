/**
 * POST /api/track against a real server with 10,000+ random and malformed bodies: wrong types,
 * missing fields, huge strings, deep nesting, odd array sizes, bad UTF-8, NUL bytes, random
 * bytes, prototype-pollution keys, odd numbers, wrong content types, empty bodies. Every tenth
 * request is a valid batch of page views with URLs seen nowhere else, and each of those must be
 * counted exactly once.
 *
 * The bodies come from a seeded generator: the seed is printed, and VIGIL_FUZZ_SEED=<seed>
 * replays the same requests (each request's bytes depend only on the seed and its index).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { startTestServer, CHROME_UA, type TestServer } from '@vigil/core/test/test-server';
import { LIMITS } from '@vigil/core/event/wire';
import { seededRandom, type Rng } from '@vigil/core/test/seeded-random';

const REQUESTS = 10_000;
const IN_FLIGHT = 16;
const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));
const SITE_DOMAIN = 'fuzz.test';
/** Object.prototype's own keys before any body was parsed. */
const BUILTIN_PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

// ---------------------------------------------------------------- seeded randomness

const rngFor = (index: number): Rng => seededRandom((SEED ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

function randomText(rng: Rng, length: number): string {
  const alphabet = 'abcXYZ019 -_/.:?&=#%"\\\u00e9\u4e2d\ud83d\ude00\u0000\u0007\u007f\u200b\ufeff';
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[int(rng, 0, alphabet.length - 1)];
  return s;
}

function randomBytes(rng: Rng, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = int(rng, 0, 255);
  return bytes;
}

// ---------------------------------------------------------------- what gets sent

interface Case {
  kind: string;
  body: Buffer;
  contentType: string | null;
  /** sent without a Content-Length, in two chunks */
  chunked?: boolean;
  /** page views of the test site this request must get counted (valid requests only) */
  pageviews: number;
}

const GOOD_TYPES = ['text/plain', 'text/plain;charset=UTF-8', 'application/json', 'application/json; charset=utf-8'];
const BAD_TYPES = ['application/xml', 'multipart/form-data; boundary=vigil', 'application/x-www-form-urlencoded', 'text/html', 'application/octet-stream', 'a/b/c', ''];

const FIELDS = ['s', 'n', 'u', 'r', 't', 'w', 'l', 'e', 'd', 'x', 'y', 'v', 'c', 'h', 'p'] as const;

/** Values of every JSON type, and the numbers JSON and JavaScript disagree about. */
const ODD_VALUES: unknown[] = [
  null, true, false, 0, -1, 1.5, 2 ** 53 + 1, '', ' ', 'NaN', 'Infinity', '-0', '1e309', [], [1], {}, { a: 1 },
  'x'.repeat(LIMITS.maxUrl + 1), '\u0000', '\ud800',
];
/** Raw number spellings: 1e309 parses to Infinity, -0 to negative zero, 1e-400 to 0. */
const RAW_NUMBERS = ['1e309', '-1e309', '-0', '1e-400', '12345678901234567890123', '0.1e1', '-0.0', '1E2'];

/**
 * An event that validates but is never a page view of the test site: a custom event of the site,
 * or a page view of an unknown site or of another host. Fuzzed bodies start from it, so a
 * mutation that happens to stay valid cannot add to the page views counted.
 */
function harmlessEvent(rng: Rng, siteId: string): Record<string, unknown> {
  switch (int(rng, 0, 2)) {
    case 0: return { s: siteId, n: `Fuzz ${int(rng, 0, 9)}`, u: `https://${SITE_DOMAIN}/fuzz`, p: { k: 'v' } };
    case 1: return { s: 'no-such-site', n: 'pageview', u: `https://${SITE_DOMAIN}/elsewhere` };
    default: return { s: siteId, n: 'pageview', u: 'https://not-this-site.example/page' };
  }
}

function json(value: unknown, contentType: string | null, kind: string): Case {
  return { kind, body: Buffer.from(JSON.stringify(value) ?? ''), contentType, pageviews: 0 };
}

const raw = (text: string | Buffer, contentType: string | null, kind: string): Case => ({
  kind, body: Buffer.isBuffer(text) ? text : Buffer.from(text), contentType, pageviews: 0,
});

function validCase(rng: Rng, index: number, siteId: string): Case {
  const count = rng() < 0.4 ? 1 : int(rng, 1, 5);
  const events = Array.from({ length: count }, (_, j) => ({
    s: siteId,
    n: 'pageview',
    u: `https://${SITE_DOMAIN}/valid/${index}/${j}?utm_source=fuzz`,
    r: pick(rng, ['', 'https://www.google.com/', 'https://news.ycombinator.com/item?id=1']),
    t: randomText(rng, int(rng, 0, 40)),
    w: int(rng, 320, 3840),
    l: pick(rng, ['en-US', 'de', 'fr-FR']),
  }));
  const body = count === 1 && rng() < 0.5 ? events[0] : events;
  return { kind: 'valid', body: Buffer.from(JSON.stringify(body)), contentType: pick(rng, GOOD_TYPES), pageviews: count };
}

const GENERATORS: ((rng: Rng, siteId: string) => Case)[] = [
  function wrongType(rng, siteId) {
    const e = harmlessEvent(rng, siteId);
    e[pick(rng, FIELDS)] = pick(rng, ODD_VALUES);
    return json(e, pick(rng, GOOD_TYPES), 'wrong type');
  },
  function missingFields(rng, siteId) {
    const e = harmlessEvent(rng, siteId);
    for (const f of ['s', 'n', 'u']) if (rng() < 0.6) delete e[f];
    return json(rng() < 0.5 ? e : [e], pick(rng, GOOD_TYPES), 'missing fields');
  },
  function hugeString(rng, siteId) {
    const e = harmlessEvent(rng, siteId);
    const length = pick(rng, [LIMITS.maxTitle, LIMITS.maxUrl + 1, 10_000, LIMITS.maxBodyBytes - 200, LIMITS.maxBodyBytes, LIMITS.maxBodyBytes + 1, 100_000]);
    const field = pick(rng, ['t', 'u', 'r', 'n', 'c', 'h', 'p']);
    e[field] = field === 'p' ? { big: 'y'.repeat(length) } : 'x'.repeat(length);
    return json(e, pick(rng, GOOD_TYPES), 'huge string');
  },
  function deepNesting(rng, siteId) {
    const depth = pick(rng, [5, 50, 1_000, 10_000, 30_000]);
    const shape = int(rng, 0, 2);
    if (shape === 0) return raw('['.repeat(depth) + ']'.repeat(depth), 'text/plain', 'deep array');
    const nested = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    if (shape === 1) return raw(nested, 'application/json', 'deep object');
    const e = harmlessEvent(rng, siteId);
    const text = JSON.stringify({ ...e, p: { k: '__NESTED__' } }).replace('"__NESTED__"', nested);
    return raw(text, 'text/plain', 'deep props');
  },
  function arraySizes(rng, siteId) {
    const size = pick(rng, [0, 1, 100, 101, 1_000]);
    const item = rng() < 0.7 ? harmlessEvent(rng, siteId) : pick(rng, ODD_VALUES);
    return json(Array.from({ length: size }, () => item), pick(rng, GOOD_TYPES), `array of ${size}`);
  },
  function badUtf8(rng, siteId) {
    const text = JSON.stringify(harmlessEvent(rng, siteId));
    const cut = int(rng, 1, text.length - 1);
    const bad = pick(rng, [[0xc3, 0x28], [0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80]]);
    return raw(Buffer.concat([Buffer.from(text.slice(0, cut)), Buffer.from(bad), Buffer.from(text.slice(cut))]), pick(rng, GOOD_TYPES), 'bad utf-8');
  },
  function nulBytes(rng, siteId) {
    const e = harmlessEvent(rng, siteId);
    const text = JSON.stringify(e);
    switch (int(rng, 0, 2)) {
      case 0: {
        const at = int(rng, 0, text.length);
        return raw(Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0]), Buffer.from(text.slice(at))]), pick(rng, GOOD_TYPES), 'raw NUL');
      }
      case 1:
        // a key that is only NUL is empty once cleaned (refused); values and titles are cleaned and kept
        return json({ ...e, t: '\u0000'.repeat(int(rng, 1, 50)), p: rng() < 0.5 ? { '\u0000': 'x' } : { 'k\u0000': '\u0000x' } }, pick(rng, GOOD_TYPES), 'escaped NUL');
      default:
        return raw(Buffer.alloc(int(rng, 1, 2_000)), pick(rng, GOOD_TYPES), 'only NUL');
    }
  },
  function randomBody(rng) {
    return raw(randomBytes(rng, int(rng, 1, 4_000)), pick(rng, [...GOOD_TYPES, null]), 'random bytes');
  },
  function prototypePollution(rng, siteId) {
    const e = JSON.stringify(harmlessEvent(rng, siteId)).slice(1, -1);
    const poison = pick(rng, [
      `{"__proto__":{"polluted":"yes"},${e}}`,
      `{${e},"constructor":{"prototype":{"polluted":"yes"}}}`,
      `{${e},"p":{"__proto__":"yes","constructor":"yes","prototype":"yes"}}`,
      `{${e},"p":{"__proto__":{"polluted":"yes"}}}`,
      `[{"__proto__":{"polluted":"yes"},${e}}]`,
      `{"__proto__":[],${e}}`,
      `{${e},"toString":"yes","hasOwnProperty":1,"valueOf":null}`,
    ]);
    return raw(poison, pick(rng, GOOD_TYPES), 'prototype keys');
  },
  function oddNumbers(rng, siteId) {
    const e = JSON.stringify(harmlessEvent(rng, siteId)).slice(0, -1);
    const field = pick(rng, ['w', 'e', 'd', 'x', 'y', 'v']);
    const value = pick(rng, [...RAW_NUMBERS, '"NaN"', '"1e309"', 'NaN', 'Infinity', '-Infinity']);
    return raw(`${e},"${field}":${value}}`, pick(rng, GOOD_TYPES), 'odd number');
  },
  function wrongContentType(rng, siteId) {
    const contentType = pick(rng, [...BAD_TYPES, null]);
    const body = rng() < 0.5 ? JSON.stringify(harmlessEvent(rng, siteId)) : `<event site="${siteId}"/>`;
    return raw(body, contentType, `content type ${contentType ?? 'none'}`);
  },
  function emptyish(rng) {
    const body = pick(rng, ['', ' ', '\n\t ', 'null', 'true', '0', '""', '[]', '{}', '[[]]', '[null]', '{"s":null}', '"pageview"']);
    return raw(body, pick(rng, [...GOOD_TYPES, null]), `empty-ish ${JSON.stringify(body)}`);
  },
  function brokenJson(rng, siteId) {
    const text = JSON.stringify(harmlessEvent(rng, siteId));
    const at = int(rng, 0, text.length - 1);
    const mutated = pick(rng, [text.slice(0, at), text.slice(0, at) + pick(rng, ['}', ']', ',', '"', '\\', "'"]) + text.slice(at), `${text},`, `${text}${text}`, text.replaceAll('"', "'")]);
    return raw(mutated, pick(rng, GOOD_TYPES), 'broken JSON');
  },
  function extraKeys(rng, siteId) {
    const e: Record<string, unknown> = harmlessEvent(rng, siteId);
    for (let i = 0; i < int(rng, 1, 40); i++) e[randomText(rng, int(rng, 1, 20))] = pick(rng, ODD_VALUES);
    return json(e, pick(rng, GOOD_TYPES), 'extra keys');
  },
  function manyProps(rng, siteId) {
    const e = harmlessEvent(rng, siteId);
    const p: Record<string, unknown> = {};
    for (let i = 0; i < pick(rng, [LIMITS.maxProps, LIMITS.maxProps + 1, 500]); i++) p[`k${i}${'z'.repeat(int(rng, 0, 70))}`] = pick(rng, ODD_VALUES);
    return json({ ...e, p }, pick(rng, GOOD_TYPES), 'many props');
  },
];

function caseFor(index: number, siteId: string): Case {
  const rng = rngFor(index);
  const c = index % 10 === 0 ? validCase(rng, index, siteId) : pick(rng, GENERATORS)(rng, siteId);
  return { ...c, chunked: rng() < 0.05 };
}

// ---------------------------------------------------------------- the client

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

/**
 * One POST on a keep-alive connection. A server that answers 413 before reading a large body may
 * close the connection while the rest is still being written; the answer, once received, counts.
 */
function post(url: URL, c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'user-agent': CHROME_UA };
    if (!c.chunked) headers['content-length'] = c.body.length;
    if (c.contentType !== null) headers['content-type'] = c.contentType;
    let answered = false;
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (c.chunked) {
      const half = c.body.length >> 1;
      req.write(c.body.subarray(0, half));
      req.end(c.body.subarray(half));
    } else {
      req.end(c.body);
    }
  });
}

function errorBodyProblem(a: Answer): string | null {
  try {
    const parsed: unknown = JSON.parse(a.body);
    const error = (parsed as { error?: unknown } | null)?.error;
    return typeof error === 'string' && error.length > 0 ? null : 'no error string';
  } catch {
    return 'not JSON';
  }
}

const describeCase = (index: number, c: Case) =>
  `#${index} ${c.kind} (${c.contentType ?? 'no content type'}, ${c.body.length} B${c.chunked ? ' chunked' : ''}): ${c.body.subarray(0, 120).toString('latin1')}`;

// ---------------------------------------------------------------- the test

describe(`POST /api/track under ${REQUESTS} fuzzed bodies (seed ${SEED})`, () => {
  let vigil: TestServer;
  let siteId: string;

  before(async () => {
    vigil = await startTestServer();
    siteId = (await vigil.addSite({ domain: SITE_DOMAIN, timezone: 'UTC' })).id;
  });
  after(async () => {
    agent.destroy();
    await vigil?.stop();
  });

  test('every answer is a 2xx or a 4xx with a JSON error, and every valid page view is counted', async (t) => {
    t.diagnostic(`seed ${SEED} (replay with VIGIL_FUZZ_SEED=${SEED})`);
    const url = new URL('/api/track', vigil.url);
    const unexpected: string[] = [];
    const badErrors: string[] = [];
    const transport: string[] = [];
    const statuses = new Map<number, number>();
    let validSent = 0;
    let validAccepted = 0;
    let next = 0;

    const worker = async () => {
      for (let index = next++; index < REQUESTS; index = next++) {
        const c = caseFor(index, siteId);
        validSent += c.pageviews;
        let answer: Answer;
        try {
          answer = await post(url, c);
        } catch (err) {
          transport.push(`${describeCase(index, c)} -> ${(err as Error).message}`);
          continue;
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (c.pageviews > 0) {
          if (answer.status === 202) validAccepted += c.pageviews;
          else unexpected.push(`valid ${describeCase(index, c)} -> ${answer.status} ${answer.body.slice(0, 300)}`);
        }
        if (answer.status < 200 || (answer.status >= 300 && answer.status < 400) || answer.status >= 500) {
          unexpected.push(`${describeCase(index, c)} -> ${answer.status} ${answer.body.slice(0, 300)}`);
        } else if (answer.status >= 400) {
          const problem = errorBodyProblem(answer);
          if (problem) badErrors.push(`${describeCase(index, c)} -> ${answer.status} ${problem}: ${answer.body.slice(0, 200)}`);
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    t.diagnostic(`${REQUESTS} requests in ${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);

    assert.deepEqual(transport, [], 'requests that got no answer at all');
    assert.deepEqual(unexpected, [], `answers other than 2xx/4xx, or valid events refused (seed ${SEED})`);
    assert.deepEqual(badErrors, [], `4xx answers without a JSON error (seed ${SEED})`);
    // The fuzz reached the interesting paths, not only one kind of refusal.
    for (const status of [202, 400, 413, 415]) assert.ok(statuses.has(status), `no ${status} among ${[...statuses.keys()]}`);

    const health = await vigil.api<{ status: string }>('/api/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ok');

    assert.ok(validSent >= REQUESTS / 10, `valid page views sent: ${validSent}`);
    assert.equal(validAccepted, validSent, 'every valid page view got a 202');
    await vigil.flushed();
    const stats = await vigil.api<{ totals: { pageviews: number; visitors: number } }>(`/api/stats?site=${siteId}`);
    assert.equal(stats.status, 200);
    assert.equal(stats.body.totals.pageviews, validSent, `page views counted vs sent (seed ${SEED})`);

    // Nothing a body said reached Object.prototype.
    const probe: Record<string, unknown> = {};
    assert.equal(probe.polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).filter((k) => !BUILTIN_PROTO_KEYS.has(k)), []);
  });
});
