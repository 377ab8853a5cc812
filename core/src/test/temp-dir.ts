/**
 * Test helper: a temporary directory for one test file, made before its tests and removed after
 * them, and the DuckDB settings the store tests open their files with.
 */
import { after, before } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Registers the file's before/after hooks; returns a function naming a path inside the directory. */
export function fileTempDir(prefix: string): (name: string) => string {
  let dir = '';
  before(async () => { dir = await mkdtemp(join(tmpdir(), prefix)); });
  after(async () => rm(dir, { recursive: true, force: true }));
  return (name) => {
    if (dir === '') throw new Error('fileTempDir: a path was asked for before the directory exists (use it inside a test)');
    return join(dir, name);
  };
}

/** Small enough for CI, with both of DuckDB's threads */
export const TEST_DUCKDB_SETTINGS = { memoryLimit: '256MB', threads: 2 } as const;
