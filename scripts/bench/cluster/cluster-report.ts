/** The cluster section of the report. */
import { median, percentile } from '../percentiles.ts';
import { ms, num, ratio, table, verdict } from '../markdown.ts';
import type { LoadResult } from '../ingest/load-worker.ts';
import type { ClusterResult } from './cluster-section.ts';
import type { FreshnessRun } from './freshness.ts';

const sizeName = (n: number) => (n >= 1_000_000 ? `${num(n / 1_000_000, n % 1_000_000 === 0 ? 0 : 1)}M` : `${num(n / 1000)}k`);
const signed = (n: number) => (n === 0 ? '0' : n > 0 ? `+${num(n)}` : `−${num(-n)}`);

function freshnessRow(name: string, run: FreshnessRun): string[] {
  const visible = run.samples.map((s) => s.visibleMs).filter((v): v is number => v !== null);
  const accept = run.samples.map((s) => s.acceptMs);
  const missing = run.samples.length - visible.length;
  if (visible.length === 0) return [name, '–', '–', '–', `0 of ${run.samples.length}`, accept.length ? ms(median(accept)) : '–'];
  return [name, ms(percentile(visible, 50)), ms(percentile(visible, 95)), ms(Math.max(...visible)), `${num(visible.length)} of ${num(run.samples.length)}${missing > 0 ? ` (**${missing} never**)` : ''}`, ms(median(accept))];
}

export function clusterReport(r: ClusterResult): string {
  const rate = (runs: LoadResult[]) => runs.reduce((n, x) => n + x.completed, 0) / runs.reduce((t, x) => t + x.durationS, 0);
  const share = rate(r.ingest.map((x) => x.cluster.saturated)) / rate(r.ingest.map((x) => x.embedded.saturated));
  const perRound = r.ingest.map((x) => ratio(x.cluster.saturated.requestsPerS / x.embedded.saturated.requestsPerS)).join(', ');
  const runRow = (name: string, run: LoadResult) => [name, num(run.requestsPerS), num(run.completed), `${run.durationS.toFixed(1)} s`, ms(run.latencyMs.p50), ms(run.latencyMs.p99), String(run.errors)];
  const pacedRow = (name: string, run: LoadResult) => [name, num(run.requestsPerS), ms(run.latencyMs.p50), ms(run.latencyMs.p90), ms(run.latencyMs.p99)];
  const { expected, stored } = r.stored;
  const diff = { events: stored.events - expected.events, pageviews: stored.pageviews - expected.pageviews };
  const p = r.plan.ingest;
  const f = r.plan.freshness;

  const storeSections = r.stores.flatMap((s) => {
    const rows = s.queries.map((q) => [
      q.name, `\`${q.endpoint}\``, ms(q.duckdb.medianMs), ms(q.duckdb.p95Ms), ms(q.clickhouse.medianMs), ms(q.clickhouse.p95Ms), ratio(q.clickhouse.medianMs / q.duckdb.medianMs),
    ]);
    const t = s.totals;
    return [
      `**${sizeName(s.events)} events.** Loaded in ${s.load.duckdb.insertS.toFixed(0)} s into DuckDB (${num(s.load.duckdb.rowsPerS)} rows/s) and ${s.load.clickhouse.insertS.toFixed(0)} s into ClickHouse (${num(s.load.clickhouse.rowsPerS)} rows/s), the same batches, one store after the other. ` +
        `Both hold the same data — totals 30 d, DuckDB / ClickHouse: visitors ${num(t.duckdb.visitors)} / ${num(t.clickhouse.visitors)}, visits ${num(t.duckdb.visits)} / ${num(t.clickhouse.visits)}, pageviews ${num(t.duckdb.pageviews)} / ${num(t.clickhouse.pageviews)}.`,
      '',
      table(['query', 'endpoint', 'DuckDB median', 'DuckDB p95', 'ClickHouse median', 'ClickHouse p95', 'ClickHouse / DuckDB'], rows),
      '',
    ];
  });

  return [
    '### Cluster: Kafka + ClickHouse against embedded',
    '',
    `Both modes run side by side and take turns under the load generator, ${r.plan.rounds} rounds, so other work on the machine falls on both. Embedded: \`vigil start\` (in-process queue, DuckDB, SQLite). Cluster: \`vigil start --role ingest\` publishing to a fresh Kafka topic, \`--role consumer\` writing to a fresh ClickHouse database, ` +
      'config in a fresh PostgreSQL database, sessions, live bus and presence in Redis; every engine on this same machine. Same load generator and traffic as the ingest section ' +
      `(${p.connections} connections, ~${p.durationS} s after warm-ups; then ${num(p.pacedRate)} req/s paced for ${p.pacedDurationS} s).`,
    '',
    table(['mode', 'req/s', 'requests', 'duration', 'p50', 'p99', 'errors'], r.ingest.flatMap((x, i) => [runRow(`embedded, round ${i + 1}`, x.embedded.saturated), runRow(`cluster (Kafka), round ${i + 1}`, x.cluster.saturated)])),
    '',
    table(['mode, paced', 'req/s', 'p50', 'p90', 'p99'], r.ingest.flatMap((x, i) => [pacedRow(`embedded, round ${i + 1}`, x.embedded.paced), pacedRow(`cluster (Kafka), round ${i + 1}`, x.cluster.paced)])),
    '',
    `Cluster / embedded throughput, all saturated runs together: **${ratio(share)}** (per round: ${perRound}). On one 2-core machine the cluster side also runs the Kafka broker, ClickHouse, PostgreSQL, Redis and the consumer, all taking CPU from ingest during the load; on separate machines ingest scales out instead.`,
    '',
    `Every event answered 202 stored in ClickHouse (read with FINAL, so a replayed event counts once), after the consumer caught up ${r.stored.catchUpS.toFixed(1)} s after the load:`,
    '',
    table(['', 'in requests answered 202', 'in ClickHouse', 'difference'], [
      ['all events', num(expected.events), num(stored.events), signed(diff.events)],
      ['pageviews', num(expected.pageviews), num(stored.pageviews), signed(diff.pageviews)],
    ]),
    '',
    table(['goal', 'measured', 'result'], [['every accepted event stored, none twice', `difference ${signed(diff.events)}`, verdict(diff.events === 0 && diff.pageviews === 0)]]),
    '',
    ...(r.stored.droppedAfter202 > 0 ? [`Ingest dropped ${num(r.stored.droppedAfter202)} events after answering 202 (bots, unknown sites); they are not expected in the store.`, ''] : []),
    `Freshness: ${f.events} pageviews with unique paths, ${f.spacingMs} ms apart (${num(1000 / f.spacingMs)}/s), after the load; time from the 202 until the page breakdown the dashboard runs (filtered to the paths not yet seen) returns the event, ` +
      `polled every ${f.pollMs} ms (the resolution). Embedded is polled through \`/api/stats/breakdown\` (DuckDB belongs to the server process); cluster through the ClickHouse event store directly. ` +
      'Both consumers write a batch when it is full or after `VIGIL_FLUSH_MS` (1,000 ms by default), which is most of what is measured.',
    '',
    table(['mode', 'p50', 'p95', 'max', 'seen', 'sent → 202, median'], [freshnessRow('embedded (DuckDB)', r.freshness.embedded), freshnessRow('cluster (Kafka → ClickHouse)', r.freshness.cluster)]),
    '',
    `Stats latency, ClickHouse against DuckDB: the stats section's generated events (same seed) written into a fresh ClickHouse database (\`openClickHouseStore\`) and a fresh DuckDB file (server defaults), the stats section's queries for the big site, 1 warm-up then median and p95 of 7 runs on each. ` +
      `Sizes run: ${r.stores.map((s) => sizeName(s.events)).join(', ')}${r.stores.some((s) => s.events >= 10_000_000) ? '' : ' (10M is opt-in: `npm run bench -- cluster --events 10000000`)'}.`,
    '',
    ...storeSections,
  ].join('\n').trimEnd();
}
