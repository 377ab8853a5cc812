'use client';
/**
 * echarts is most of the site dashboard's script (~550 KB minified). It loads as a chunk of its
 * own, asked for as soon as the chart's module is evaluated: the page hydrates without it and
 * asks for its numbers sooner, and the chart library arrives alongside the data it waits for.
 */
import type { echarts as EchartsNamespace } from './echarts.ts';

export type Echarts = typeof EchartsNamespace;

let loaded: Echarts | null = null;
let loading: Promise<Echarts> | null = null;

export function loadEcharts(): Promise<Echarts> {
  loading ??= import('./echarts.ts').then((m) => (loaded = m.echarts));
  return loading;
}

/** echarts when it has loaded already, else null. */
export function echartsIfLoaded(): Echarts | null {
  return loaded;
}
