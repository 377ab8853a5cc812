/**
 * `npm run build -w @vigil/tracker`: writes tracker/dist/track.js and track-clicks.js and prints
 * their sizes, gzip -9 included, against track.js's budget.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TRACK_JS_GZIP_BUDGET, buildTracker, gzipSize } from '../src/build.ts';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
await mkdir(dist, { recursive: true });
for (const bundle of await buildTracker()) {
  await writeFile(`${dist}${bundle.fileName}`, bundle.code);
  const gz = gzipSize(bundle.code);
  const budget = bundle.fileName === 'track.js' ? ` (budget ${TRACK_JS_GZIP_BUDGET}${gz > TRACK_JS_GZIP_BUDGET ? ', OVER' : ''})` : '';
  console.log(`${bundle.fileName.padEnd(16)} ${String(Buffer.byteLength(bundle.code)).padStart(5)} B, gzip -9 ${String(gz).padStart(5)} B${budget}`);
}
