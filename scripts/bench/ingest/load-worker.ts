/**
 * The load generator, run as its own process (`node --import tsx load-worker.ts '<json>'`) so it
 * does not share an event loop with the server it measures. Runs the job's phases one after the
 * other in the same process (so later phases run on a warm load generator), sending the realistic
 * track requests in order, and prints one JSON line: per phase throughput, latencies and, per
 * status, the events the answered requests carried.
 *
 * Saturating runs use autocannon with a fixed `amount` of requests rather than a fixed duration:
 * autocannon cuts requests still in flight when a duration ends, and those may be stored without
 * their 202 being counted, which would make the stored-vs-accepted check inexact.
 */
import autocannon from 'autocannon';
import { trackRequests, type TrackRequest } from './track-requests.ts';
import { pacedLoad } from './paced-load.ts';
import { PHASE_MARK } from './phase-mark.ts';

export interface LoadPhase {
  name: string;
  connections: number;
  /** how many requests: a number, or about this many seconds at the previous phase's rate */
  amount: { requests: number } | { seconds: number };
  /** open-loop requests per second; unset = as fast as the server answers (autocannon) */
  pacedRate?: number;
}

export interface LoadJob {
  url: string;
  siteId: string;
  visitors: number;
  seed: number;
  phases: LoadPhase[];
}

export interface StatusTally {
  requests: number;
  pageviews: number;
  customEvents: number;
  events: number;
}

export interface LoadResult {
  durationS: number;
  completed: number;
  requestsPerS: number;
  errors: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  byStatus: Record<string, StatusTally>;
}

export interface PhaseResult extends LoadResult {
  name: string;
}

class Tallies {
  readonly byStatus: Record<string, StatusTally> = {};
  readonly latencies: number[] = [];

  add(status: number, sent: TrackRequest, latencyMs?: number): void {
    const tally = (this.byStatus[status] ??= { requests: 0, pageviews: 0, customEvents: 0, events: 0 });
    tally.requests++;
    tally.pageviews += sent.pageviews;
    tally.customEvents += sent.customEvents;
    tally.events += sent.events;
    if (latencyMs !== undefined) this.latencies.push(latencyMs);
  }

  result(durationS: number, errors: number): LoadResult {
    const sorted = Float64Array.from(this.latencies).sort();
    const at = (p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
    const completed = Object.values(this.byStatus).reduce((s, t) => s + t.requests, 0);
    return {
      durationS,
      completed,
      requestsPerS: completed / durationS,
      errors,
      latencyMs: { p50: at(50), p90: at(90), p99: at(99), max: at(100), mean: sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : 0 },
      byStatus: this.byStatus,
    };
  }
}

async function saturate(url: string, connections: number, amount: number, next: () => TrackRequest, tallies: Tallies): Promise<{ durationS: number; errors: number }> {
  // called without a callback, autocannon returns its event-emitting tracker, which is also a promise
  const instance = autocannon({
    url,
    connections,
    amount,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/api/track',
        // context lives until this connection's next request, so onResponse sees what was sent
        setupRequest(req: any, context: any) {
          const request = next();
          context.sent = request;
          return { ...req, body: request.body, headers: request.headers };
        },
        onResponse(status: number, _body: string, context: any) {
          tallies.add(status, context.sent as TrackRequest);
        },
      } as any,
    ],
  }) as unknown as Promise<autocannon.Result> & { on(event: 'response', fn: (...args: any[]) => void): void };
  const started = performance.now();
  let lastResponse = started;
  // autocannon's own histogram keeps whole milliseconds; sub-millisecond latencies need the raw times
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    tallies.latencies.push(responseTime);
    lastResponse = performance.now();
  });
  const result = await instance;
  // autocannon notices the last response only at its next once-a-second tick: time to that
  // response, not to the promise, or a 2.2 s run counts as 3 s
  return { durationS: (lastResponse - started) / 1000, errors: result.errors };
}

async function runJob(job: LoadJob): Promise<PhaseResult[]> {
  const requests = trackRequests({ siteId: job.siteId, visitors: job.visitors, seed: job.seed });
  let offset = 0;
  const next = () => requests[offset++ % requests.length]!;
  const results: PhaseResult[] = [];
  for (const phase of job.phases) {
    const previousRate = results.at(-1)?.requestsPerS ?? 1000;
    const amount = 'requests' in phase.amount ? phase.amount.requests : Math.round(previousRate * phase.amount.seconds);
    // autocannon needs at least one request per connection
    const requestsToSend = Math.max(phase.connections, amount);
    const tallies = new Tallies();
    // markers for the parent (run-load.ts), which reads the server's CPU where a phase starts and ends
    process.stderr.write(`${PHASE_MARK}start ${phase.name}\n`);
    if (phase.pacedRate) {
      const run = await pacedLoad({ url: job.url, rate: phase.pacedRate, count: requestsToSend, connections: phase.connections, next });
      for (const o of run.outcomes) tallies.add(o.status, o.sent, o.latencyMs);
      results.push({ name: phase.name, ...tallies.result(run.durationS, run.errors) });
    } else {
      const run = await saturate(job.url, phase.connections, requestsToSend, next, tallies);
      results.push({ name: phase.name, ...tallies.result(run.durationS, run.errors) });
    }
    process.stderr.write(`${PHASE_MARK}end ${phase.name}\n`);
    process.stderr.write(`${phase.name}: ${Math.round(results.at(-1)!.requestsPerS)} req/s\n`);
  }
  return results;
}

const job = JSON.parse(process.argv[2] ?? 'null') as LoadJob | null;
if (!job) {
  process.stderr.write('usage: load-worker.ts <job as JSON>\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify(await runJob(job)) + '\n');
