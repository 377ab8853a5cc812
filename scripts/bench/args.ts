/** `npm run bench -- [ingest|stats|tracker|live|dashboard|cluster ...] [--events N[,N...]]` */
import { parseArgs } from 'node:util';

export const SECTIONS = ['ingest', 'stats', 'tracker', 'live', 'dashboard', 'cluster'] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * The stats and cluster sections' sizes: 1M by default; 10M takes several minutes to load on 2
 * cores (twice over in the cluster section), so it is asked for with --events.
 */
export const DEFAULT_STATS_SIZES = [1_000_000];

export interface BenchArgs {
  sections: Section[];
  statsSizes: number[];
}

export class BenchArgsError extends Error {}

export function parseBenchArgs(argv: string[]): BenchArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { events: { type: 'string' } } });
  } catch (err) {
    throw new BenchArgsError((err as Error).message);
  }
  const { positionals, values } = parsed;
  const unknown = positionals.filter((p) => !(SECTIONS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new BenchArgsError(`unknown section ${unknown.map((u) => `'${u}'`).join(', ')}; sections are ${SECTIONS.join(', ')}`);
  const sections = positionals.length === 0 ? [...SECTIONS] : SECTIONS.filter((s) => positionals.includes(s));
  return { sections, statsSizes: values.events === undefined ? DEFAULT_STATS_SIZES : parseSizes(values.events) };
}

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((part) => {
    const clean = part.trim().replace(/_/g, '');
    const n = Number(clean);
    if (clean === '' || !Number.isSafeInteger(n) || n < 1000) throw new BenchArgsError(`--events takes whole numbers of at least 1000, comma-separated; got '${part}'`);
    return n;
  });
  return [...new Set(sizes)].sort((a, b) => a - b);
}
