/**
 * The event loop gets the CPU first: every other thread of the process runs at a higher nice value.
 *
 * On two cores, the embedded event store's work (its thread, DuckDB's threads and the libuv pool
 * threads DuckDB's calls run on) wants the CPU at the same moments as the event loop that answers
 * /api/track: once a flush, a batch is appended and the rollups merged. Requests then wait behind
 * work that could as well finish a few milliseconds later. On Linux a nice value belongs to a
 * thread, and a thread starts with its creator's, so raising it on every thread but the main one,
 * once the store has started its threads, leaves HTTP ahead of them all. An otherwise idle machine
 * gives the background threads the same CPU as before.
 */
import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The kernel ids of this process's threads other than the main one (Linux; none elsewhere). */
function backgroundThreadIds(): number[] {
  if (process.platform !== 'linux') return [];
  try {
    return readdirSync('/proc/self/task').map(Number).filter((tid) => tid !== process.pid);
  } catch {
    return [];
  }
}

/**
 * Raises the nice value of every thread but the main one to `nice` (never lowers one that is
 * higher). Returns how many threads it changed: 0 where thread priorities are not per thread.
 */
export function yieldToEventLoop(nice: number): number {
  let changed = 0;
  for (const tid of backgroundThreadIds()) {
    try {
      if (getPriority(tid) >= nice) continue;
      setPriority(tid, nice);
      changed++;
    } catch {
      // the thread ended meanwhile
    }
  }
  return changed;
}
