/** The stats section of the report. */
import { ms, num, ratio, table, verdict } from '../markdown.ts';
import { TIMING } from './timing.ts';
import { DATASET, loadBatchSize } from './load-events.ts';
import { PROBE } from './insert-probe.ts';
import { STORE_SETTINGS, type StatsResult } from './stats-section.ts';

export const LATENCY_GOAL_MS = 100;
/** the size the latency goal is stated for */
export const GOAL_SIZE = 10_000_000;

const sizeName = (n: number) => (n >= 1_000_000 ? `${num(n / 1_000_000, n % 1_000_000 === 0 ? 0 : 1)}M` : `${num(n / 1000)}k`);

const topPage = (a: { topPage: { value: string; pageviews: number } | null }) => (a.topPage ? `\`${a.topPage.value}\` ${num(a.topPage.pageviews)}` : '–');

export function statsReport(r: StatsResult): string {
  const sizes = r.sizes;
  const largest = sizes[sizes.length - 1];
  if (!largest) return '### Stats queries\n\nNo size ran.';
  const goalSize = sizes.find((s) => s.events >= GOAL_SIZE);

  const latencyRows = largest.queries.map((q, i) => {
    const cells = sizes.flatMap((s) => {
      const t = s.queries[i]!.latency;
      return [ms(t.medianMs), ms(t.p95Ms)];
    });
    const goal = goalSize ? verdict(goalSize.queries[i]!.latency.medianMs < LATENCY_GOAL_MS && goalSize.queries[i]!.latency.p95Ms < LATENCY_GOAL_MS) : 'n/a (10M not run)';
    return [q.name, `\`${q.endpoint}\``, ...cells, goal];
  });

  const baselineRows = sizes.flatMap((s) => {
    const totals = s.queries.find((q) => q.name === 'totals 30 d')!.latency;
    const pages = s.queries.find((q) => q.name === 'breakdown page, 30 d')!.latency;
    return [
      [sizeName(s.events), 'totals 30 d', ms(totals.medianMs), ms(s.baseline.totals.medianMs), ratio(s.baseline.totals.medianMs / totals.medianMs)],
      [sizeName(s.events), 'breakdown page, 30 d', ms(pages.medianMs), ms(s.baseline.breakdownPage.medianMs), ratio(s.baseline.breakdownPage.medianMs / pages.medianMs)],
    ];
  });

  const answerRows = sizes.map((s) => {
    const v = s.answers.vigil;
    const w = s.answers.raw;
    return [
      sizeName(s.events),
      `${num(v.totals.visitors)} / ${num(w.totals.visitors)}`,
      `${num(v.totals.visits)} / ${num(w.totals.visits)}`,
      `${num(v.totals.pageviews)} / ${num(w.totals.pageviews)}`,
      `${topPage(v)} / ${topPage(w)}`,
    ];
  });

  const loadRows = sizes.map((s) => [
    sizeName(s.events), num(s.load.events), `${s.load.insertS.toFixed(1)} s`, num(s.load.rowsPerS), `${num(s.fileMiB)} MiB`,
    ms(s.probe.consumerBatchMs), ms(s.probe.smallBatchMs),
  ]);

  return [
    '### Stats queries (DuckDB)',
    '',
    `Data: ${DATASET.sites} sites, site-0 gets ${DATASET.bigSiteShare * 100}% of the events, ${DATASET.days} days (core/src/test/generate-events.ts, seed ${DATASET.seed}). ` +
      `Store: \`openDuckDbStore\` with the server's defaults (memory_limit ${STORE_SETTINGS.memoryLimit}, ${STORE_SETTINGS.threads} threads). ` +
      `Every query is for site-0; ${TIMING.warmups} warm-up run, then median and p95 of ${TIMING.runs} runs. Sizes run: ${sizes.map((s) => sizeName(s.events)).join(', ')}` +
      `${goalSize ? '' : ' (10M is opt-in: `npm run bench -- stats --events 10000000`)'}.`,
    '',
    table(['query', 'endpoint', ...sizes.flatMap((s) => [`${sizeName(s.events)} median`, `${sizeName(s.events)} p95`]), `< ${LATENCY_GOAL_MS} ms at 10M`], latencyRows),
    '',
    '`/api/stats` runs the totals query twice (the range and the period before it), in parallel on the store\'s two reader connections.',
    '',
    'Baseline: the same totals and page breakdown computed by straightforward SQL over the raw `events` table alone (sessions rebuilt with `GROUP BY session_id` at query time, no rollup), same file, same settings.',
    '',
    table(['size', 'query', 'Vigil median', 'raw-events median', 'baseline / Vigil'], baselineRows),
    '',
    'Both answer the same question (Vigil / raw; visits differ only by sessions that started before the range and ran into it):',
    '',
    table(['size', 'visitors', 'visits', 'pageviews', 'top page, pageviews'], answerRows),
    '',
    `Loading (generation excluded; batches of ${sizes.map((s) => num(loadBatchSize(s.events))).join(' / ')}) and, afterwards, the cost of one more insert at that size — what the consumer meets: a batch of ${num(PROBE.consumerBatch)} (a busy second; the consumer writes up to 20,000 at once) and of ${num(PROBE.smallBatch)} (a quiet site's flush), median of ${PROBE.rounds}.`,
    '',
    table(['size', 'events', 'insert time', 'rows/s', 'file', `insert ${num(PROBE.consumerBatch)}`, `insert ${num(PROBE.smallBatch)}`], loadRows),
  ].join('\n');
}
