/**
 * Site domains and allowed hostnames are stored as bare lower-case hostnames, whatever form the
 * user typed: 'Example.com', 'https://www.example.com/path', 'example.com:8080.'.
 */
import { ConfigError } from './config-store.ts';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function normalizeHostname(input: unknown, what = 'domain'): string {
  if (typeof input !== 'string' || input.trim() === '') throw new ConfigError('invalid', `${what} is empty`);
  const raw = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError('invalid', `${what} '${raw}' is not a valid hostname`);
  }
  const host = url.hostname.replace(/\.$/, '');
  const labels = host.split('.');
  const valid =
    url.username === '' && url.password === '' && host.length > 0 && host.length <= 253 && labels.every((l) => LABEL.test(l));
  if (!valid) throw new ConfigError('invalid', `${what} '${raw}' is not a valid hostname`);
  return host;
}

export function normalizeHostnames(inputs: unknown): string[] {
  if (!Array.isArray(inputs)) throw new ConfigError('invalid', 'allowed_hostnames must be a list of hostnames');
  return [...new Set(inputs.map((h) => normalizeHostname(h, 'allowed hostname')))];
}

export function validateTimezone(input: unknown): string {
  if (typeof input !== 'string' || input.trim() === '') throw new ConfigError('invalid', 'timezone is empty');
  const tz = input.trim();
  try {
    // resolvedOptions() gives the canonical spelling ('europe/berlin' -> 'Europe/Berlin')
    return new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    throw new ConfigError('invalid', `unknown timezone '${tz}'`);
  }
}
