/** Where the benchmark finds the repository and writes its report. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const VIGIL_BIN = join(ROOT, 'core/bin/vigil.mjs');
export const REPORT_PATH = join(ROOT, 'docs/benchmarks.md');
