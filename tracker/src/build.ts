/**
 * Builds track.js and track-clicks.js in memory with esbuild. The server serves the result
 * (or tracker/dist, which scripts/build.ts writes from the same function).
 */
import { build } from 'esbuild';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

export type TrackerFileName = 'track.js' | 'track-clicks.js';

export interface TrackerBundle {
  fileName: TrackerFileName;
  code: string;
}

export const TRACKER_FILES: readonly TrackerFileName[] = ['track.js', 'track-clicks.js'];

/** Ceiling for `gzip -9` of the minified track.js; track-clicks.js is optional and not counted. */
export const TRACK_JS_GZIP_BUDGET = 1536;

const srcDir = fileURLToPath(new URL('.', import.meta.url));

export async function buildTracker(): Promise<TrackerBundle[]> {
  const result = await build({
    entryPoints: { track: `${srcDir}track.ts`, 'track-clicks': `${srcDir}clicks.ts` },
    bundle: true,
    minify: true,
    target: 'es2017',
    format: 'iife',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    outdir: 'dist',
    logLevel: 'silent',
    // The repo's strict tsconfig would add "use strict" to each file: bytes a browser IIFE does not need.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  return TRACKER_FILES.map((fileName) => {
    const file = result.outputFiles.find((f) => basename(f.path) === fileName);
    if (!file) throw new Error(`esbuild produced no ${fileName}`);
    return { fileName, code: file.text };
  });
}

/** Bytes after gzip at level 9, the number the size budget is about. */
export function gzipSize(code: string): number {
  return gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).length;
}
