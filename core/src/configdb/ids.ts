import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `length` url-safe characters, each drawn uniformly (64 symbols, so a byte's low 6 bits). */
export function randomId(length = 12): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 63];
  return id;
}
