'use client';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { echartsIfLoaded, loadEcharts, type Echarts } from '../lib/echarts-loader.ts';
import { formatExact } from '../lib/format.ts';
import { THEME_EVENT } from '../lib/theme.ts';
import type { Interval, TimeseriesPoint } from '../lib/types.ts';

// in the browser, start loading the chart library with the page's script, not once data arrives
if (typeof window !== 'undefined') void loadEcharts().catch(() => undefined);

/** `t` carries the site's offset (2026-03-29T14:00:00+02:00): label it in that local time. */
export function bucketLabel(t: string, interval: Interval, long = false): string {
  const date = t.slice(0, 10);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  if (interval === 'hour') return long ? `${month} ${d}, ${t.slice(11, 16)}` : t.slice(11, 16);
  return long ? `${month} ${d}, ${y}` : `${month} ${d}`;
}

function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { line: v('--chart-line'), bar: v('--chart-bar'), grid: v('--chart-grid'), text: v('--muted'), surface: v('--surface'), border: v('--border'), fg: v('--text') };
}

export function TimeseriesChart({ points, interval }: { points: TimeseriesPoint[]; interval: Interval }) {
  const el = useRef<HTMLDivElement>(null);
  const [echarts, setEcharts] = useState<Echarts | null>(echartsIfLoaded);
  const chart = useRef<ReturnType<Echarts['init']> | null>(null);
  const data = useRef({ points, interval });
  data.current = { points, interval };
  /** what the chart shows now, so the data effect does not draw the same points twice */
  const drawn = useRef<{ points: TimeseriesPoint[]; interval: Interval } | null>(null);

  useEffect(() => {
    // wrapped, since setState takes any callable value for an updater
    if (!echarts) void loadEcharts().then((lib) => setEcharts(() => lib));
  }, [echarts]);

  const render = () => {
    const c = chart.current;
    if (!c) return;
    const { points: pts, interval: iv } = data.current;
    drawn.current = data.current;
    const p = palette();
    c.setOption(
      {
        animationDuration: 300,
        grid: { left: 8, right: 16, top: 16, bottom: 4, containLabel: true },
        tooltip: {
          trigger: 'axis',
          backgroundColor: p.surface,
          borderColor: p.border,
          textStyle: { color: p.fg, fontSize: 12 },
          axisPointer: { type: 'line', lineStyle: { color: p.text, opacity: 0.4 } },
        },
        xAxis: {
          type: 'category',
          data: pts.map((pt) => bucketLabel(pt.t, iv, true)),
          axisLine: { lineStyle: { color: p.grid } },
          axisTick: { show: false },
          axisLabel: { color: p.text, fontSize: 11, hideOverlap: true, formatter: (_: string, i: number) => (pts[i] ? bucketLabel(pts[i].t, iv) : '') },
        },
        yAxis: {
          type: 'value',
          minInterval: 1,
          splitLine: { lineStyle: { color: p.grid } },
          axisLabel: { color: p.text, fontSize: 11 },
        },
        series: [
          { name: 'Pageviews', type: 'bar', data: pts.map((pt) => pt.pageviews), itemStyle: { color: p.bar, borderRadius: [3, 3, 0, 0] }, barMaxWidth: 18 },
          {
            name: 'Visitors',
            type: 'line',
            data: pts.map((pt) => pt.visitors),
            smooth: 0.25,
            symbol: 'circle',
            symbolSize: 5,
            showSymbol: pts.length <= 40,
            lineStyle: { color: p.line, width: 2.5 },
            itemStyle: { color: p.line },
            areaStyle: { color: p.line, opacity: 0.08 },
          },
        ],
      },
      { notMerge: false },
    );
  };

  // Layout effects: the chart is set up before the browser paints the page its data arrived
  // with, not in a later frame once a passive effect gets its turn.
  useLayoutEffect(() => {
    if (!el.current || !echarts) return;
    chart.current = echarts.init(el.current, undefined, { renderer: 'canvas' });
    render();
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(el.current);
    window.addEventListener(THEME_EVENT, render);
    return () => {
      resize.disconnect();
      window.removeEventListener(THEME_EVENT, render);
      chart.current?.dispose();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- render reads the latest data from a ref
  }, [echarts]);

  useLayoutEffect(() => {
    if (drawn.current?.points === points && drawn.current.interval === interval) return;
    render();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- render reads the latest data from a ref
  }, [points, interval]);

  const total = points.reduce((n, pt) => n + pt.pageviews, 0);
  const peak = points.reduce((best, pt) => (pt.visitors > (best?.visitors ?? -1) ? pt : best), points[0]);
  const summary = points.length
    ? `Chart of visitors and pageviews per ${interval}, ${points.length} points from ${bucketLabel(points[0]!.t, interval, true)}; ${formatExact(total)} pageviews in all` +
      (peak && peak.visitors > 0 ? `; most visitors (${formatExact(peak.visitors)}) at ${bucketLabel(peak.t, interval, true)}.` : '.')
    : 'No data to chart.';
  return <div ref={el} className="chart" role="img" aria-label={summary} />;
}
