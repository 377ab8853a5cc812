import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TRACK_JS_GZIP_BUDGET, buildTracker, gzipSize } from '../src/build.ts';

test(`track.js is at most ${TRACK_JS_GZIP_BUDGET} bytes after gzip -9`, async () => {
  const bundles = await buildTracker();
  const core = bundles.find((b) => b.fileName === 'track.js');
  assert.ok(core, 'the build has track.js');
  const size = gzipSize(core.code);
  const clicks = bundles.find((b) => b.fileName === 'track-clicks.js');
  console.log(`track.js: ${Buffer.byteLength(core.code)} B minified, ${size} B gzip -9 (budget ${TRACK_JS_GZIP_BUDGET})`);
  if (clicks) console.log(`track-clicks.js: ${gzipSize(clicks.code)} B gzip -9`);
  assert.ok(size <= TRACK_JS_GZIP_BUDGET, `track.js is ${size} bytes gzipped, over the ${TRACK_JS_GZIP_BUDGET} budget`);
  // A build that lost its body would pass any budget.
  assert.ok(size > 500, `track.js is suspiciously small: ${size} bytes`);
});
