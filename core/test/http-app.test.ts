import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpApp } from '../src/http/app.ts';

function appLoggingTo(lines: Record<string, unknown>[], logLevel: string) {
  const app = createHttpApp({ trustProxy: true, logLevel, logStream: { write: (line) => lines.push(JSON.parse(line)) } });
  app.get('/boom/:id', async () => {
    throw new Error('the disk is full');
  });
  app.get('/who', async (req) => ({ sharesAppLogger: req.log === app.log }));
  return app;
}

const visitor = { 'x-forwarded-for': '198.51.100.23', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0' };

test('an unhandled error answers 500 and logs its method, route and cause, and nothing of the caller', async () => {
  const lines: Record<string, unknown>[] = [];
  const app = appLoggingTo(lines, 'info');
  const res = await app.inject({ method: 'GET', url: '/boom/42?email=jane@example.com', headers: visitor });
  assert.equal(res.statusCode, 500);
  assert.deepEqual(res.json(), { error: 'internal error', detail: null });
  const errors = lines.filter((l) => l.msg === 'unhandled error');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.method, 'GET');
  assert.equal(errors[0]!.route, '/boom/:id');
  assert.equal((errors[0]!.err as { message: string }).message, 'the disk is full');
  const logged = lines.map((l) => JSON.stringify(l)).join('\n');
  for (const personal of ['198.51.100.23', 'Firefox', 'jane@example.com', '/boom/42']) assert.ok(!logged.includes(personal), `the log holds ${personal}`);
  await app.close();
});

test('above debug, requests log through the app logger; at debug each gets a child and a request line', async () => {
  for (const [level, shares] of [['info', true], ['warn', true], ['debug', false]] as const) {
    const lines: Record<string, unknown>[] = [];
    const app = appLoggingTo(lines, level);
    const res = await app.inject({ method: 'GET', url: '/who', headers: visitor });
    assert.deepEqual(res.json(), { sharesAppLogger: shares }, level);
    const requestLines = lines.filter((l) => l.msg === 'request');
    assert.equal(requestLines.length, level === 'debug' ? 1 : 0, level);
    if (level === 'debug') assert.equal(requestLines[0]!.route, '/who');
    await app.close();
  }
});
