import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ALPHABET = `${ALPHANUMERIC}-_`;

/**
 * `length` url-safe characters, each drawn uniformly: the first from the 62 letters and digits,
 * so that an id never reads as an option on a command line (`vigil site remove -Hx...`), the rest
 * from 64 symbols (a byte's low 6 bits).
 */
export function randomId(length = 12): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const [i, b] of bytes.entries()) id += i === 0 ? ALPHANUMERIC[firstIndex(b)] : ALPHABET[b & 63];
  return id;
}

/** A byte to 0..61 without bias: bytes of 248 and up (4 of 256 extra) are redrawn. */
function firstIndex(byte: number): number {
  let b = byte;
  while (b >= 248) b = randomBytes(1)[0]!;
  return b % 62;
}
