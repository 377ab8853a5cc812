/** Latency of a query: warm-up runs first (caches, JIT), then `runs` timed runs, one at a time. */
import { median, percentile } from '../percentiles.ts';

export interface Latency {
  medianMs: number;
  p95Ms: number;
  runs: number;
}

export const TIMING = { warmups: 1, runs: 7 } as const;

export async function timeQuery<T>(run: () => Promise<T>): Promise<{ latency: Latency; answer: T }> {
  let answer: T | undefined;
  for (let i = 0; i < TIMING.warmups; i++) answer = await run();
  const samples: number[] = [];
  for (let i = 0; i < TIMING.runs; i++) {
    const t0 = performance.now();
    answer = await run();
    samples.push(performance.now() - t0);
  }
  return { latency: { medianMs: median(samples), p95Ms: percentile(samples, 95), runs: samples.length }, answer: answer as T };
}
