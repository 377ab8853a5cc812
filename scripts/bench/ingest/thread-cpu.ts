/**
 * CPU time a server process spent, split into its main thread (the event loop answering HTTP)
 * and all its other threads (DuckDB's, the event store's thread, the libuv pool, V8's GC helpers),
 * read from /proc. Per request, it says where a request's cost goes, which throughput alone hides
 * when the load generator and the server share the machine's cores. Linux only: elsewhere null.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadCpu {
  mainMs: number;
  otherMs: number;
}

/** clock ticks per second of /proc's utime and stime: 100 on every Linux Node supports */
const TICKS_PER_S = 100;

/** The CPU time in a /proc `stat` file (a process's or a thread's): user plus system. */
function cpuMsOfStat(stat: string): number {
  // fields after the parenthesised name: state is field 3, utime 14 and stime 15
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

export function threadCpu(pid: number | undefined): ThreadCpu | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  let mainMs = 0;
  let otherMs = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      } catch {
        continue; // the thread ended meanwhile
      }
      const ms = cpuMsOfStat(stat);
      if (Number(tid) === pid) mainMs += ms;
      else otherMs += ms;
    }
  } catch {
    return null;
  }
  return { mainMs, otherMs };
}

/** CPU time of a whole process, all its threads (Linux; elsewhere null). */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined || process.platform !== 'linux') return null;
  try {
    return cpuMsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

export interface CpuPerRequest {
  mainUs: number;
  otherUs: number;
}

/** CPU microseconds per request between two readings. */
export function perRequest(before: ThreadCpu | null, after: ThreadCpu | null, requests: number): CpuPerRequest | null {
  if (!before || !after || requests <= 0) return null;
  return { mainUs: ((after.mainMs - before.mainMs) * 1000) / requests, otherUs: ((after.otherMs - before.otherMs) * 1000) / requests };
}
