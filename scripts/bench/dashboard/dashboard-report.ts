/** The dashboard section of the report. */
import { median } from '../percentiles.ts';
import { ms, num, ratio, table } from '../markdown.ts';
import { DATASET } from '../stats/load-events.ts';
import type { DashboardResult, PageLoad, RangeResult } from './dashboard-section.ts';

const med = (loads: PageLoad[], pick: (l: PageLoad) => number | null) => {
  const values = loads.map(pick).filter((v): v is number => v !== null);
  return values.length === 0 ? null : median(values);
};
const sizeName = (n: number) => (n >= 1_000_000 ? `${num(n / 1_000_000, n % 1_000_000 === 0 ? 0 : 1)}M` : `${num(n / 1000)}k`);
const cell = (v: number | null) => (v === null ? '–' : ms(v));

function pageRows(r: RangeResult): string[][] {
  return (
    [
      ['cold', r.cold],
      ['warm', r.warm],
    ] as const
  ).map(([kind, loads]) => [
    `\`range=${r.range}\`, ${kind}`,
    cell(med(loads, (l) => l.domContentLoadedMs)),
    cell(med(loads, (l) => l.statsRequestMs)),
    cell(med(loads, (l) => l.statsSentMs)),
    cell(med(loads, (l) => l.statsResponseMs)),
    cell(med(loads, (l) => l.seriesResponseMs)),
    cell(med(loads, (l) => l.metricsMs)),
    cell(med(loads, (l) => l.chartMs)),
    `**${cell(med(loads, (l) => l.shownMs))}**`,
    `${ms(Math.min(...loads.map((l) => l.shownMs)))} – ${ms(Math.max(...loads.map((l) => l.shownMs)))}`,
  ]);
}

export function dashboardReport(r: DashboardResult): string {
  const [main, base] = r.ranges;
  if (!main || !base) return '### Dashboard time-to-data\n\nNo range ran.';
  const apiRows = r.ranges.map((x) => [`\`range=${x.range}\``, ms(median(x.api.statsMs)), ms(median(x.api.seriesMs)), ms(median(x.api.bothMs))]);
  const shown = (x: RangeResult, loads: PageLoad[]) => med(loads, (l) => l.shownMs) ?? 0;
  const sample = main.cold[0]!;
  return [
    `### Dashboard time-to-data (Chromium, ${sizeName(r.load.events)} events)`,
    '',
    `Data: ${num(r.load.events)} generated events (${DATASET.sites} sites, the big one ${DATASET.bigSiteShare * 100}%, ${DATASET.days} days, seed ${DATASET.seed}) written into a fresh data directory's DuckDB file ` +
      `(${r.load.insertS.toFixed(0)} s) for a site made with \`vigil site add\`, then \`vigil start\` on that directory. Chromium opens \`/services/<id>?range=…\` signed in as the admin and ` +
      'records, from navigation start, when the top metrics show a number (`.metric[data-metric=visitors] .metric-value`) and when the chart is drawn (`.chart[role=img]` with its canvas and "Chart of …" summary); ' +
      `**shown** is the later of the two. Cold: a new browser context each load (empty HTTP cache, the app's scripts fetched and compiled again), median of ${r.plan.cold}; ` +
      `warm: the same tab navigating again, median of ${r.plan.warm} after one unmeasured load. The server and DuckDB stay up throughout, so their caches are warm in both. ` +
      `The page showed e.g. ${sample.visitors} visitors; the chart: “${sample.chartLabel}”.`,
    '',
    'Page (medians, ms from navigation start; the API columns are when the page\'s own requests left and finished, from Resource Timing — the page asks for its stats once its scripts ran and the site\'s record came back):',
    '',
    table(['page', 'DOMContentLoaded', '`/api/stats` requested', '`/api/stats` sent', '`/api/stats` answered', '`/api/stats/timeseries` answered', 'metrics shown', 'chart shown', 'shown', 'shown, min – max'], [...pageRows(main), ...pageRows(base)]),
    '',
    `Baseline 1 — the same requests the page made, sent alone from the benchmark with an API token (no browser, no other panels), median of ${r.plan.apiRuns} after a warm-up:`,
    '',
    table(['range', '`/api/stats`', '`/api/stats/timeseries`', 'both at once'], apiRows),
    '',
    'Baseline 2 — the same page for the last 24 hours. Where the time goes, at the medians:',
    '',
    table(['', `\`range=${main.range}\``, `\`range=${base.range}\``, `${main.range} / ${base.range}`], [
      ['shown, cold', ms(shown(main, main.cold)), ms(shown(base, base.cold)), ratio(shown(main, main.cold) / shown(base, base.cold))],
      ['shown, warm', ms(shown(main, main.warm)), ms(shown(base, base.warm)), ratio(shown(main, main.warm) / shown(base, base.warm))],
      ['both API calls alone (query cost)', ms(median(main.api.bothMs)), ms(median(base.api.bothMs)), ratio(median(main.api.bothMs) / median(base.api.bothMs))],
      ['shown, warm − API calls alone (page cost)', ms(shown(main, main.warm) - median(main.api.bothMs)), ms(shown(base, base.warm) - median(base.api.bothMs)), ''],
    ]),
    '',
    'Before “requested” is the page itself: HTML, scripts, the session check and the site\'s record. “Sent” is when the request left the browser (Resource Timing requestStart): later than “requested” when the browser\'s six HTTP/1.1 connections to the server were all busy. Between “sent” and “answered” is the query under the page\'s own concurrency: the two calls share the server with the six breakdown panels and the realtime panel, requested at the same moment, and DuckDB answers them on two reader connections.',
  ].join('\n');
}
