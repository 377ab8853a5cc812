/**
 * `npm run bench [-- ingest|stats|tracker|live|dashboard|cluster ...] [--events N[,N...]]`: measures Vigil against a
 * baseline run on the same machine in the same run, prints a markdown report on stdout (progress
 * goes to stderr) and writes it into docs/benchmarks.md between the bench markers.
 */
import { loadavg } from 'node:os';
import { BenchArgsError, parseBenchArgs, type Section } from './bench/args.ts';
import { writeReport } from './bench/docs-file.ts';
import { describeMachine, machineFacts } from './bench/machine.ts';
import { REPORT_PATH } from './bench/paths.ts';
import { progress } from './bench/progress.ts';
import { measureIngest } from './bench/ingest/ingest-section.ts';
import { ingestReport } from './bench/ingest/ingest-report.ts';
import { measureStats } from './bench/stats/stats-section.ts';
import { statsReport } from './bench/stats/stats-report.ts';
import { measureTracker, trackerReport } from './bench/tracker-section.ts';
import { measureLive } from './bench/live/live-section.ts';
import { liveReport } from './bench/live/live-report.ts';
import { measureDashboard } from './bench/dashboard/dashboard-section.ts';
import { dashboardReport } from './bench/dashboard/dashboard-report.ts';
import { measureCluster } from './bench/cluster/cluster-section.ts';
import { clusterReport } from './bench/cluster/cluster-report.ts';
import { SectionSkipped } from './bench/skip.ts';

const RUNNERS: Record<Section, (statsSizes: number[]) => Promise<string>> = {
  ingest: async () => ingestReport(await measureIngest()),
  stats: async (sizes) => statsReport(await measureStats(sizes)),
  tracker: async () => trackerReport(await measureTracker()),
  live: async () => liveReport(await measureLive()),
  dashboard: async () => dashboardReport(await measureDashboard()),
  cluster: async (sizes) => clusterReport(await measureCluster(sizes)),
};

/** Other work on the machine skews every ratio: the load average says how busy it was. */
function ranOn(): string {
  const [one, five] = loadavg();
  return `_Ran ${describeMachine(machineFacts())} · load average at start ${one?.toFixed(1)} (1 min), ${five?.toFixed(1)} (5 min)._`;
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(argv);
  } catch (err) {
    if (err instanceof BenchArgsError) {
      process.stderr.write(`bench: ${err.message}\nusage: npm run bench -- [ingest|stats|tracker|live|dashboard|cluster ...] [--events 1000000[,10000000]]\n`);
      return 2;
    }
    throw err;
  }
  const fresh: Partial<Record<Section, string>> = {};
  const failed: Section[] = [];
  const skipped: Section[] = [];
  for (const section of args.sections) {
    progress(section, 'starting');
    const header = ranOn();
    try {
      fresh[section] = `${(await RUNNERS[section](args.statsSizes)).replace(/\n/, `\n\n${header}\n`)}`;
      progress(section, 'done');
    } catch (err) {
      if (err instanceof SectionSkipped) {
        skipped.push(section);
        progress(section, `SKIPPED: ${err.message}`);
        continue;
      }
      // one broken section should not cost the others' results; the docs keep its last good ones
      failed.push(section);
      progress(section, `FAILED: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }
  const report = args.sections.flatMap((s) => fresh[s] ?? []).join('\n\n');
  process.stdout.write(`${report}\n`);
  writeReport(REPORT_PATH, fresh);
  const kept = [
    ...(failed.length > 0 ? [`${failed.join(', ')}, which failed`] : []),
    ...(skipped.length > 0 ? [`${skipped.join(', ')}, which were skipped`] : []),
  ];
  progress('bench', `wrote ${REPORT_PATH}${kept.length > 0 ? ` (kept the previous results of ${kept.join('; ')})` : ''}`);
  return failed.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  return 1;
});
