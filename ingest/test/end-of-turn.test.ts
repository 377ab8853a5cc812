import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { endOfTurn } from '../src/end-of-turn.ts';

test('everything asked for in one turn is released together, after the turn', async () => {
  const order: string[] = [];
  const first = endOfTurn().then(() => order.push('first'));
  const second = endOfTurn().then(() => order.push('second'));
  // work the turn still has to do (a microtask, a tick, a timer due now) runs before the release
  process.nextTick(() => order.push('tick'));
  void Promise.resolve().then(() => order.push('microtask'));
  await Promise.all([first, second]);
  assert.deepEqual(order.slice(2), ['first', 'second']);
  assert.deepEqual(new Set(order.slice(0, 2)), new Set(['tick', 'microtask']));
});

test('asked for while a turn is being released: released in a later turn, not for ever', async () => {
  const order: string[] = [];
  let later: Promise<unknown> = Promise.resolve();
  await Promise.all([
    endOfTurn().then(() => {
      later = endOfTurn().then(() => order.push('later'));
    }),
    endOfTurn().then(() => order.push('same turn')),
  ]);
  order.push('released');
  await later;
  assert.deepEqual(order, ['same turn', 'released', 'later']);
});

test('requests that arrive together are all read before the first answer is written', async () => {
  const events: string[] = [];
  const server: Server = createServer((req, res) => {
    events.push(`read ${req.url}`);
    void endOfTurn().then(() => {
      events.push(`answer ${req.url}`);
      res.writeHead(202, { connection: 'close' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const sockets = await Promise.all(['/a', '/b', '/c'].map(() => new Promise<Socket>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket)).on('error', reject);
  })));
  // let the server accept all three, then send the three requests and hold the event loop, so
  // they wait in the kernel and the server finds them ready in one turn
  await new Promise((resolve) => setTimeout(resolve, 50));
  const answers = sockets.map((socket, i) => {
    socket.write(`POST /${'abc'[i]} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
    return new Promise<string>((resolve) => {
      let text = '';
      socket.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve(text));
    });
  });
  const until = Date.now() + 50;
  while (Date.now() < until);
  const replies = await Promise.all(answers);
  server.close();
  for (const reply of replies) assert.match(reply, /^HTTP\/1.1 202/);
  assert.deepEqual(events.slice(0, 3).sort(), ['read /a', 'read /b', 'read /c'], events.join(', '));
  assert.deepEqual(events.slice(3).sort(), ['answer /a', 'answer /b', 'answer /c'], events.join(', '));
});
