#!/usr/bin/env node
// `npm test`: every *.test.ts under <workspace>/test, run by node's own test runner through tsx.
// Files run one at a time (engines such as DuckDB and Chromium want the machine's 2 cores).
// `npm test -- ingest` runs only files whose path contains "ingest".
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['core', 'tracker', 'ingest', 'consumer', 'dashboard', 'clickhouse'];
const only = process.argv.slice(2);

function walk(dir, out) {
  let names;
  try { names = readdirSync(dir); } catch { return out; }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = workspaces
  .flatMap((w) => walk(join(root, w, 'test'), []))
  .map((f) => relative(root, f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
console.error(`vigil test: ${files.length} files${process.env.VIGIL_TEST_REQUIRE ? `, VIGIL_TEST_REQUIRE=${process.env.VIGIL_TEST_REQUIRE}` : ''}`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, VIGIL_LOG_LEVEL: process.env.VIGIL_LOG_LEVEL ?? 'warn' } },
);
process.exit(result.status ?? 1);
