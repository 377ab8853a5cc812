/**
 * An open-loop paced load: request i leaves at start + i / rate whatever the answers before it
 * did, over a pool of keep-alive connections, so latency is measured without the server's own
 * queueing at saturation. (autocannon's rate limit sends each second's quota in a burst at the
 * start of the second, which measures bursts instead.)
 */
import { Agent, request } from 'node:http';
import type { TrackRequest } from './track-requests.ts';

export interface PacedOutcome {
  status: number;
  sent: TrackRequest;
  latencyMs: number;
}

export interface PacedRun {
  outcomes: PacedOutcome[];
  errors: number;
  durationS: number;
}

export async function pacedLoad(opts: { url: string; rate: number; count: number; connections: number; next: () => TrackRequest }): Promise<PacedRun> {
  const target = new URL('/api/track', opts.url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const outcomes: PacedOutcome[] = [];
  let errors = 0;
  let issued = 0;
  const send = (sent: TrackRequest) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(target, { method: 'POST', agent, headers: { ...sent.headers, 'content-length': Buffer.byteLength(sent.body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          outcomes.push({ status: res.statusCode ?? 0, sent, latencyMs: performance.now() - t0 });
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(sent.body);
    });

  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(opts.count, Math.floor(((performance.now() - started) / 1000) * opts.rate) + 1);
      while (issued < due) {
        inFlight.push(send(opts.next()));
        issued++;
      }
      if (issued >= opts.count) done();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(inFlight);
  const durationS = (performance.now() - started) / 1000;
  agent.destroy();
  return { outcomes, errors, durationS };
}
