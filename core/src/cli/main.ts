/** Entry point of the `vigil` bin (core/bin/vigil.mjs). */
import { run } from './run.ts';

process.exitCode = await run(process.argv.slice(2));
