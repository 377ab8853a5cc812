#!/usr/bin/env node
// `npm start` / `npm test` run this first: `next build` takes half a minute on two cores, so it
// runs only when a dashboard source is newer than the last build (or there is no build yet).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const dir = new URL('..', import.meta.url).pathname;
const SOURCES = ['app', 'components', 'lib', 'public', 'next.config.mjs', 'tsconfig.json', 'package.json'];
const builtAt = join(dir, '.next', 'BUILD_ID');

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

const sourcesAt = Math.max(...SOURCES.map((s) => newest(join(dir, s))));
if (existsSync(builtAt) && statSync(builtAt).mtimeMs >= sourcesAt && !process.argv.includes('--force')) {
  process.exit(0);
}
console.error('building the dashboard (next build) ...');
const result = spawnSync('npx', ['next', 'build'], {
  cwd: dir,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
if (result.status !== 0) {
  console.error('the dashboard build failed; run `npm run build -w @vigil/dashboard` to see why');
  process.exit(result.status ?? 1);
}
