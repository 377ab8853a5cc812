/**
 * Where Redis connections report outages. pino's logger fits this shape, so the server passes
 * its own; the default writes one line to stderr.
 */
export interface RedisLog {
  warn(msg: string): void;
  info(msg: string): void;
}

export const stderrRedisLog: RedisLog = {
  warn: (msg) => process.stderr.write(`vigil: ${msg}\n`),
  info: (msg) => process.stderr.write(`vigil: ${msg}\n`),
};
