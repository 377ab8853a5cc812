/**
 * Random hex ids from a pooled CSPRNG buffer. `randomBytes(8)` per new session is a call into
 * OpenSSL each time; filling 4 KB at once makes that one call per 512 sessions, same randomness.
 */
import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** `bytes` random bytes as 2 * bytes lower-case hex characters (bytes <= 4096). */
export function randomHex(bytes: number): string {
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
