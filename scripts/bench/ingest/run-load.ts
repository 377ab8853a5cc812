/** Runs a load job in the separate load-generator process; its phase lines become progress lines. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { ChildFailedError } from '../child.ts';
import { ROOT } from '../paths.ts';
import { progress } from '../progress.ts';
import type { LoadJob, LoadResult, PhaseResult, StatusTally } from './load-worker.ts';
import { PHASE_MARK } from './phase-mark.ts';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/** Told as each phase starts and ends in the load generator, whose process id comes along. */
export type PhaseListener = (edge: 'start' | 'end', phase: string, generatorPid: number) => void;

export async function runLoad(label: string, job: LoadJob, section = 'ingest', onPhase?: PhaseListener): Promise<PhaseResult[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  let partial = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
    // a chunk may end inside a line: its rest comes with the next chunk
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim() !== '')) {
      if (line.startsWith(PHASE_MARK)) {
        const [edge, ...name] = line.slice(PHASE_MARK.length).trim().split(' ');
        if (child.pid !== undefined && (edge === 'start' || edge === 'end')) onPhase?.(edge, name.join(' '), child.pid);
      } else progress(section, `${label}: ${line.trim()}`);
    }
  });
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new ChildFailedError(`the load generator exited with ${code}: ${stderr.trim()}`);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as PhaseResult[];
}

/** Sums what several runs got back under one status code. */
export function tallyOf(results: LoadResult[], status: string): StatusTally {
  const sum = { requests: 0, pageviews: 0, customEvents: 0, events: 0 };
  for (const r of results) {
    const t = r.byStatus[status];
    if (!t) continue;
    sum.requests += t.requests;
    sum.pageviews += t.pageviews;
    sum.customEvents += t.customEvents;
    sum.events += t.events;
  }
  return sum;
}

/** Requests answered with anything but `status`, by status. */
export function otherStatuses(results: LoadResult[], status: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) for (const [code, t] of Object.entries(r.byStatus)) if (code !== status) out[code] = (out[code] ?? 0) + t.requests;
  return out;
}
