// The worker thread's entry: TypeScript sources run through tsx, as in bin/vigil.mjs. A worker
// does not inherit the loader the main thread registered in code, only command-line flags.
import { register } from 'tsx/esm/api';

register();
await import('./store-worker.ts');
