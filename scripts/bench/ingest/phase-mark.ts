/**
 * The load generator (load-worker.ts) marks where each phase starts and ends with a stderr line
 * that begins with this, so that run-load.ts can read the server's CPU there. Its own module: the
 * load worker runs its job when imported.
 */
export const PHASE_MARK = '@phase ';
