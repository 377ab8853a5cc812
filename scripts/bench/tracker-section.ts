/** Section 3: what a visitor downloads. gzip -9 of the built scripts against track.js's budget. */
import { TRACK_JS_GZIP_BUDGET, buildTracker, gzipSize } from '@vigil/tracker/build';
import { bytes, table, verdict } from './markdown.ts';
import { progress } from './progress.ts';

export interface TrackerResult {
  files: { fileName: string; minified: number; gzip: number }[];
  budget: number;
}

export async function measureTracker(): Promise<TrackerResult> {
  progress('tracker', 'building track.js and track-clicks.js with esbuild');
  const bundles = await buildTracker();
  return {
    files: bundles.map((b) => ({ fileName: b.fileName, minified: Buffer.byteLength(b.code), gzip: gzipSize(b.code) })),
    budget: TRACK_JS_GZIP_BUDGET,
  };
}

export function trackerReport(r: TrackerResult): string {
  const rows = r.files.map((f) => {
    const budgeted = f.fileName === 'track.js';
    return [
      f.fileName,
      bytes(f.minified),
      bytes(f.gzip),
      budgeted ? `${bytes(r.budget)} (${((100 * f.gzip) / r.budget).toFixed(0)}% used)` : 'optional add-on, not counted',
      budgeted ? verdict(f.gzip <= r.budget) : '',
    ];
  });
  return ['### Tracker size', '', table(['file', 'minified', 'gzip -9', 'budget', 'goal'], rows)].join('\n');
}
