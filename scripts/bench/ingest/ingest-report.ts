/** The ingest section of the report. */
import { ms, num, ratio, table, verdict } from '../markdown.ts';
import type { IngestResult, SaturatedCpu, ServerRuns } from './ingest-section.ts';
import type { LoadResult } from './load-worker.ts';
import type { CpuPerRequest } from './thread-cpu.ts';

export const THROUGHPUT_GOAL = 0.6;
export const P99_GOAL_MS = 10;

export function ingestReport(r: IngestResult): string {
  const { rounds, check, plan } = r;
  const saturated = (side: 'baseline' | 'vigil') => rounds.map((round) => round[side].saturated);
  // all saturated runs of a side together: their requests over their time
  const pooledRate = (runs: LoadResult[]) => runs.reduce((n, x) => n + x.completed, 0) / runs.reduce((t, x) => t + x.durationS, 0);
  const share = pooledRate(saturated('vigil')) / pooledRate(saturated('baseline'));
  const perRound = rounds.map((x) => ratio(x.vigil.saturated.requestsPerS / x.baseline.saturated.requestsPerS)).join(', ');
  const worst = (pick: (runs: ServerRuns) => LoadResult) => Math.max(...rounds.map((x) => pick(x.vigil).latencyMs.p99));
  const saturatedP99 = worst((x) => x.saturated);
  const pacedP99 = worst((x) => x.paced);
  const runRow = (name: string, run: LoadResult) => [
    name, num(run.requestsPerS), num(run.completed), `${run.durationS.toFixed(1)} s`,
    ms(run.latencyMs.p50), ms(run.latencyMs.p99), ms(run.latencyMs.max), String(run.errors),
  ];
  const pacedRow = (name: string, run: LoadResult) => [name, num(run.requestsPerS), ms(run.latencyMs.p50), ms(run.latencyMs.p90), ms(run.latencyMs.p99), ms(run.latencyMs.max)];
  const eachRound = (row: (name: string, run: LoadResult) => string[], pick: (runs: ServerRuns) => LoadResult, baselineName: string) =>
    rounds.flatMap((x, i) => [row(`${baselineName}, round ${i + 1}`, pick(x.baseline)), row(`Vigil, round ${i + 1}`, pick(x.vigil))]);

  const expectedPageviews = check.accepted.pageviews;
  const expectedCustom = check.accepted.customEvents;
  const expectedEvents = check.accepted.events;
  const dropped = Object.values(check.droppedAfter202).reduce((s, n) => s + n, 0);
  const diffs = {
    pageviews: check.stats.pageviews - expectedPageviews,
    custom: check.stats.events - expectedCustom,
    all: check.storedEvents - expectedEvents,
  };
  const allStored = diffs.pageviews === 0 && diffs.custom === 0 && diffs.all === 0;
  const signed = (n: number) => (n === 0 ? '0' : n > 0 ? `+${num(n)}` : `−${num(-n)}`);

  return [
    '### Ingest: `POST /api/track`',
    '',
    `The baseline and Vigil take turns, ${plan.rounds} rounds each, so that the machine's changes of speed fall on both. ` +
      `Saturated: ${plan.connections} connections, ~${plan.durationS} s, after three warm-up runs (${num(plan.warmupRequests)} requests, then twice ~${plan.calibrationS} s) that size it. ` +
      `Traffic: ${num(plan.visitors)} simulated visitors a round, new ones each round (real browser user agents, X-Forwarded-For addresses, referrers, UTM campaigns), ` +
      'a single pageview on arrival, then `[engagement, pageview]` arrays (5% with a custom event).',
    '',
    table(['server', 'req/s', 'requests', 'duration', 'p50', 'p99', 'max', 'errors'], eachRound(runRow, (x) => x.saturated, 'baseline (node:http + JSON.parse)')),
    '',
    `Vigil / baseline throughput, all saturated runs together: **${ratio(share)}** (per round: ${perRound}).`,
    '',
    `Paced: ${num(plan.pacedRate)} req/s, open loop (each request leaves on schedule whatever the answers before it did), up to ${plan.pacedConnections} keep-alive connections, ${plan.pacedDurationS} s — latency when the server is not saturated. Vigil's paced run starts once it has stored the saturated run's events, with new visitors (the same for both servers).`,
    '',
    table(['server', 'req/s', 'p50', 'p90', 'p99', 'max'], eachRound(pacedRow, (x) => x.paced, 'baseline')),
    '',
    ...cpuLines(pooledCpu(rounds.map((x) => x.baseline)), pooledCpu(rounds.map((x) => x.vigil))),
    ...budgetLines(r, pooledRate(saturated('baseline'))),
    table(['goal', 'measured', 'result'], [
      [`throughput ≥ ${THROUGHPUT_GOAL} × baseline`, ratio(share), verdict(share >= THROUGHPUT_GOAL)],
      [`p99 < ${P99_GOAL_MS} ms, saturated (-c ${plan.connections}), worst round`, ms(saturatedP99), verdict(saturatedP99 < P99_GOAL_MS)],
      [`p99 < ${P99_GOAL_MS} ms, paced (${num(plan.pacedRate)} req/s), worst round`, ms(pacedP99), verdict(pacedP99 < P99_GOAL_MS)],
      ['every accepted event stored', `difference ${signed(diffs.all)}`, verdict(allStored)],
    ]),
    '',
    `Stored vs accepted, over all Vigil runs (every round's warm-ups, saturated and paced runs): the queue was empty ${check.drainS.toFixed(1)} s after the load ended.`,
    '',
    table(['', 'sent in requests answered 202', 'stored', 'difference'], [
      ['pageviews (`/api/stats` totals.pageviews)', num(expectedPageviews), num(check.stats.pageviews), signed(diffs.pageviews)],
      ['custom events (`/api/stats` totals.events)', num(expectedCustom), num(check.stats.events), signed(diffs.custom)],
      ['all events (rows in the DuckDB file after shutdown)', num(expectedEvents), num(check.storedEvents), signed(diffs.all)],
    ]),
    '',
    `Requests answered 202: ${num(check.accepted.requests)}; other statuses: ${formatCounts(check.otherStatuses)}. ` +
      `Ingest's own counter: ${num(check.ingestAccepted)} events accepted, dropped after a 202: ${dropped === 0 ? 'none' : formatCounts(check.droppedAfter202)}. ` +
      `The stats API saw ${num(check.stats.visitors)} visitors in ${num(check.stats.visits)} visits (bounce rate ${check.stats.bounce_rate}%).`,
  ].join('\n');
}

/**
 * Per-request figures of several rounds as one, each round weighted by its requests; null when
 * a round has none (not Linux).
 */
function pooled<T extends { [K in keyof T]: number }>(rounds: { requests: number; perRequest: T | null }[]): T | null {
  let requests = 0;
  const sums = new Map<keyof T, number>();
  for (const round of rounds) {
    if (!round.perRequest) return null;
    requests += round.requests;
    for (const key of Object.keys(round.perRequest) as (keyof T)[]) sums.set(key, (sums.get(key) ?? 0) + round.perRequest[key] * round.requests);
  }
  if (requests === 0) return null;
  return Object.fromEntries([...sums].map(([key, sum]) => [key, sum / requests])) as T;
}

/** One server's CPU per request over all its runs of all rounds. */
const pooledCpu = (rounds: ServerRuns[]): CpuPerRequest | null =>
  pooled(rounds.map((r) => ({ requests: [...r.warmups, r.saturated, r.paced].reduce((sum, x) => sum + x.completed, 0), perRequest: r.cpu })));

/** One server's saturated runs' CPU per request, its own and the load generator's. */
const pooledSaturatedCpu = (rounds: ServerRuns[]): SaturatedCpu | null =>
  pooled(rounds.map((r) => ({ requests: r.saturated.completed, perRequest: r.saturatedCpu })));

/**
 * Where a request's CPU goes, both servers over all their runs. The load generator shares the
 * machine's cores, so a server that needs more CPU per request also leaves the load generator less.
 */
function cpuLines(baseline: CpuPerRequest | null, vigil: CpuPerRequest | null): string[] {
  if (!baseline || !vigil) return [];
  const us = (n: number) => `${num(n)} µs`;
  const row = (name: string, c: CpuPerRequest) => [name, us(c.mainUs), us(c.otherUs), us(c.mainUs + c.otherUs)];
  const times = (vigil.mainUs + vigil.otherUs) / (baseline.mainUs + baseline.otherUs);
  return [
    'CPU per request, over all runs of all rounds (warm-up, saturated, paced), from the server process\'s threads in /proc: the main thread answers HTTP and runs the ingest pipeline; ' +
      "Vigil's other threads are the event store's (DuckDB's appender, merges and commits) and V8's garbage collector helpers.",
    '',
    table(['server', 'main thread', 'other threads', 'total'], [row('baseline', baseline), row('Vigil', vigil)]),
    '',
    `Vigil spends ${ratio(times)} the baseline's CPU per request.`,
    '',
  ];
}

/**
 * What the throughput goal asks of the server in CPU, on this machine: at the goal's rate the
 * cores give so many microseconds per request in all, and the load generator, which shares them,
 * takes its part first. Computed for the saturated runs alone, where the ratio is measured.
 */
function budgetLines(r: IngestResult, baselineRate: number): string[] {
  const baseline = pooledSaturatedCpu(r.rounds.map((x) => x.baseline));
  const vigil = pooledSaturatedCpu(r.rounds.map((x) => x.vigil));
  if (!baseline || !vigil || baselineRate <= 0) return [];
  const us = (n: number) => `${num(n)} µs`;
  const row = (name: string, c: SaturatedCpu) => [name, us(c.mainUs), us(c.otherUs), us(c.mainUs + c.otherUs), us(c.generatorUs)];
  const goalRate = baselineRate * THROUGHPUT_GOAL;
  const perRequestAtGoal = (r.cores * 1e6) / goalRate;
  // the generator's cheaper side leaves the server the most: the budget is an upper bound
  const generator = Math.min(baseline.generatorUs, vigil.generatorUs);
  const budget = perRequestAtGoal - generator;
  const server = vigil.mainUs + vigil.otherUs;
  return [
    'The saturated runs alone, where the throughput ratio is measured, with the load generator\'s process read the same way:',
    '',
    table(['server', 'main thread', 'other threads', 'server total', 'load generator'], [row('baseline', baseline), row('Vigil', vigil)]),
    '',
    `What the throughput goal asks in CPU: at ${THROUGHPUT_GOAL} × the baseline's ${num(baselineRate)} req/s (${num(goalRate)} req/s), ` +
      `the ${r.cores} cores give at most ${us(perRequestAtGoal)} of CPU per request in all. ` +
      `The load generator used ${us(generator)} per request (the less of its two sides), which leaves the server at most ${us(budget)}. ` +
      `Vigil's server used ${us(server)}: ${ratio(server / budget)} that budget.`,
    '',
  ];
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([k, n]) => `${k}: ${num(n)}`).join(', ');
}
