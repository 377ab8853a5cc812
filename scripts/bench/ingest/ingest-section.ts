/**
 * Section 1: POST /api/track throughput and latency, Vigil against a bare node:http server that
 * only JSON.parses the body, on the same machine in the same run with the same load generator;
 * then a check that every event Vigil accepted is in its event store.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { openDuckDbStore } from '@vigil/core/store/duckdb/duckdb-store';
import { startWithReadyLine, stopChild } from '../child.ts';
import { ROOT } from '../paths.ts';
import { progress } from '../progress.ts';
import type { LoadResult } from './load-worker.ts';
import { otherStatuses, runLoad, tallyOf, type PhaseListener } from './run-load.ts';
import { startVigil, type VigilProcess } from './vigil-process.ts';
import { perRequest, processCpuMs, threadCpu, type CpuPerRequest, type ThreadCpu } from './thread-cpu.ts';

export const INGEST_PLAN = {
  /**
   * the baseline and Vigil take turns, this many times each: the machine's speed changes within
   * minutes, and alternating spreads that over both sides of the ratio
   */
  rounds: 2,
  connections: 50,
  /** the measured run lasts about this long (its request count comes from the warm-up's rate) */
  durationS: 10,
  warmupRequests: 5_000,
  /** a second warm-up of about this long sets the measured run's request count */
  calibrationS: 3,
  /** a second, paced run: latency at a steady load well under saturation */
  pacedRate: 1_000,
  pacedConnections: 10,
  pacedDurationS: 5,
  visitors: 40_000,
  seed: 7,
} as const;

export interface ServerRuns {
  warmups: LoadResult[];
  saturated: LoadResult;
  paced: LoadResult;
  /** the server's CPU per request over all its runs, main thread and the rest (Linux) */
  cpu: CpuPerRequest | null;
  /** the saturated run alone: the server's CPU per request, and the load generator's (Linux) */
  saturatedCpu: SaturatedCpu | null;
}

export interface SaturatedCpu extends CpuPerRequest {
  generatorUs: number;
}

/** Readings at the saturated run's start and end, of the server's threads and the load generator. */
class SaturatedCpuReader {
  #start: { server: ThreadCpu | null; generator: number | null } | null = null;
  #end: { server: ThreadCpu | null; generator: number | null } | null = null;

  constructor(private readonly serverPid: number | undefined) {}

  readonly onPhase: PhaseListener = (edge, phase, generatorPid) => {
    if (phase !== 'saturated') return;
    const reading = { server: threadCpu(this.serverPid), generator: processCpuMs(generatorPid) };
    if (edge === 'start') this.#start = reading;
    else this.#end = reading;
  };

  perRequest(requests: number): SaturatedCpu | null {
    const server = perRequest(this.#start?.server ?? null, this.#end?.server ?? null, requests);
    const [g0, g1] = [this.#start?.generator, this.#end?.generator];
    if (!server || g0 == null || g1 == null) return null;
    return { ...server, generatorUs: ((g1 - g0) * 1000) / requests };
  }
}

export interface StoredCheck {
  /** from the requests answered 202, by what their bodies held */
  accepted: { requests: number; pageviews: number; customEvents: number; events: number };
  /** dropped by Vigil's pipeline after a 202 (bots, unknown sites): expected 0 with this traffic */
  droppedAfter202: Record<string, number>;
  ingestAccepted: number;
  stats: { pageviews: number; events: number; visitors: number; visits: number; bounce_rate: number };
  storedEvents: number;
  otherStatuses: Record<string, number>;
  /** seconds from the end of the load until the queue was empty */
  drainS: number;
}

export interface IngestRound {
  baseline: ServerRuns;
  vigil: ServerRuns;
}

export interface IngestResult {
  plan: typeof INGEST_PLAN;
  /** the machine's cores, which the servers and the load generator share */
  cores: number;
  rounds: IngestRound[];
  check: StoredCheck;
}

export interface MeasureOptions {
  /** labels the progress lines (default 'ingest') */
  section?: string;
  /** the server's process, whose threads' CPU is read (Linux) */
  pid?: number;
  /** picks the visitors (default INGEST_PLAN.seed); the paced run gets new ones */
  seed?: number;
  /**
   * runs between the saturated and the paced run: Vigil stores its backlog there, so that the
   * paced run measures a server that is not saturated (while the backlog drained, it would
   * measure the end of the saturated one)
   */
  settle?: () => Promise<unknown>;
}

/** The saturated and paced runs against one server. */
export async function measureServer(name: string, url: string, siteId: string, opts: MeasureOptions = {}): Promise<ServerRuns> {
  const { section = 'ingest', pid, seed = INGEST_PLAN.seed, settle } = opts;
  const { connections, durationS, warmupRequests, calibrationS, pacedRate, pacedConnections, pacedDurationS, visitors } = INGEST_PLAN;
  progress(section, `${name}: warm-up, then ~${durationS} s at -c ${connections}, then ${pacedRate} req/s paced for ${pacedDurationS} s`);
  const cpuBefore = threadCpu(pid);
  const saturatedCpu = new SaturatedCpuReader(pid);
  const loaded = await runLoad(name, {
    url, siteId, visitors, seed,
    phases: [
      { name: 'warm-up', connections, amount: { requests: warmupRequests } },
      // each run's rate sizes the next: a short run underestimates the rate (new connections, JIT),
      // so two calibrations get the measured run close to its intended length
      { name: 'calibration', connections, amount: { seconds: calibrationS } },
      { name: 'calibration', connections, amount: { seconds: calibrationS } },
      { name: 'saturated', connections, amount: { seconds: durationS } },
    ],
  }, section, saturatedCpu.onPhase);
  await settle?.();
  // new visitors for the paced run: the saturated run's stream would start over with the same ones
  const pacedRuns = await runLoad(name, {
    url, siteId, visitors, seed: seed + 1_000,
    phases: [{ name: 'paced', connections: pacedConnections, amount: { requests: pacedRate * pacedDurationS }, pacedRate }],
  }, section);
  const phases = [...loaded, ...pacedRuns];
  const cpu = perRequest(cpuBefore, threadCpu(pid), phases.reduce((sum, p) => sum + p.completed, 0));
  const [first, calibration, warmup, saturated, paced] = phases;
  if (!first || !calibration || !warmup || !saturated || !paced) throw new Error('the load generator returned fewer phases than it was given');
  return { warmups: [first, calibration, warmup], saturated, paced, cpu, saturatedCpu: saturatedCpu.perRequest(saturated.completed) };
}

export async function waitForEmptyQueue(vigil: VigilProcess): Promise<number> {
  const started = Date.now();
  let health: { queue: { pending: number } } = { queue: { pending: -1 } };
  while (Date.now() - started < 120_000) {
    health = await vigil.api<{ queue: { pending: number } }>('/api/health');
    if (health.queue.pending === 0) return (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the queue did not empty within 120 s of the end of the load; /api/health: ${JSON.stringify(health)}; server log: ${vigil.logTail().slice(-1500) || '(empty)'}`);
}

async function checkStored(vigil: VigilProcess, runs: LoadResult[], since: number): Promise<StoredCheck> {
  const drainS = await waitForEmptyQueue(vigil);
  const health = await vigil.api<{ ingest: { accepted: number; dropped: Record<string, number> } }>('/api/health');
  const from = new Date(since - 3_600_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();
  const stats = await vigil.api<{ totals: StoredCheck['stats'] }>(`/api/stats?site=${encodeURIComponent(vigil.siteId)}&from=${from}&to=${to}`);
  progress('ingest', `queue empty after ${drainS.toFixed(1)} s; stopping Vigil to count every stored event`);
  await vigil.stop();
  const store = await openDuckDbStore({ path: join(vigil.dataDir, 'events.duckdb'), memoryLimit: '512MB' });
  let storedEvents: number;
  try {
    storedEvents = await store.countEvents(vigil.siteId, since - 3_600_000, Date.now() + 3_600_000);
  } finally {
    await store.close();
  }
  return {
    accepted: tallyOf(runs, '202'),
    droppedAfter202: Object.fromEntries(Object.entries(health.ingest.dropped).filter(([, n]) => n > 0)),
    ingestAccepted: health.ingest.accepted,
    stats: stats.totals,
    storedEvents,
    otherStatuses: otherStatuses(runs, '202'),
    drainS,
  };
}

export async function measureIngest(): Promise<IngestResult> {
  progress('ingest', 'starting the baseline (bare node:http, JSON.parse, 202)');
  const baseline = await startWithReadyLine(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/bench/ingest/baseline-server.ts')], { cwd: ROOT });
  try {
    progress('ingest', 'starting Vigil (vigil site add, token create, start)');
    const vigil = await startVigil({ domain: 'example.com', allow: ['example.net'] });
    try {
      const since = Date.now();
      const rounds: IngestRound[] = [];
      for (let i = 1; i <= INGEST_PLAN.rounds; i++) {
        // both servers get the same traffic in a round; each round brings new visitors
        const seed = INGEST_PLAN.seed + i - 1;
        const baselineRuns = await measureServer(`baseline, round ${i}`, `http://127.0.0.1:${baseline.line}`, 'baseline-site', { pid: baseline.child.pid, seed });
        const vigilRuns = await measureServer(`vigil, round ${i}`, vigil.url, vigil.siteId, { pid: vigil.pid, seed, settle: () => waitForEmptyQueue(vigil) });
        rounds.push({ baseline: baselineRuns, vigil: vigilRuns });
        // Vigil's store finishes the round's events before the baseline's next turn, so the
        // baseline never shares the CPU with it (checkStored waits after the last round)
        if (i < INGEST_PLAN.rounds) await waitForEmptyQueue(vigil);
      }
      const check = await checkStored(vigil, rounds.flatMap((r) => [...r.vigil.warmups, r.vigil.saturated, r.vigil.paced]), since);
      return { plan: INGEST_PLAN, cores: cpus().length, rounds, check };
    } finally {
      await vigil.stop().catch(() => undefined);
      vigil.remove();
    }
  } finally {
    await stopChild(baseline.child);
  }
}
