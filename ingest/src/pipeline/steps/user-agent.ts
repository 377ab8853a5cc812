/**
 * Step 4, user agent: browser, OS and device class from ua-parser-js (1.x, MIT). A site's
 * visitors share a few hundred distinct user agents, so parses are cached.
 */
import UAParser from 'ua-parser-js';
import { LRUCache } from 'lru-cache';
import type { DeviceType } from '@vigil/core/event/stored';
import type { EventStep } from '../event-draft.ts';

export interface ParsedUserAgent {
  browser: string;
  os: string;
  device: DeviceType;
}

/** ua-parser names that mean the same product as a name the dashboard already shows. */
const BROWSER_NAMES: Record<string, string> = {
  'Mobile Safari': 'Safari',
  'Mobile Firefox': 'Firefox',
  'Mobile Chrome': 'Chrome',
  'Chrome WebView': 'Chrome',
  'Chrome Headless': 'Chrome',
};
const OS_NAMES: Record<string, string> = { 'Mac OS': 'macOS', 'Chromium OS': 'Chrome OS' };

export function deviceType(uaDeviceType: string | undefined): DeviceType {
  // ua-parser leaves desktops without a device type
  if (uaDeviceType === undefined || uaDeviceType === '') return 'desktop';
  if (uaDeviceType === 'mobile' || uaDeviceType === 'tablet') return uaDeviceType;
  return 'other';
}

export function parseUserAgent(userAgent: string): ParsedUserAgent {
  const result = new UAParser(userAgent).getResult();
  const browser = result.browser.name ?? '';
  const os = result.os.name ?? '';
  return {
    browser: BROWSER_NAMES[browser] ?? browser,
    os: OS_NAMES[os] ?? os,
    device: deviceType(result.device.type),
  };
}

export function userAgentStep(cacheSize = 5_000): EventStep {
  const cache = new LRUCache<string, ParsedUserAgent>({ max: cacheSize });
  return {
    name: 'user_agent',
    run(draft, ctx) {
      let parsed = cache.get(ctx.userAgent);
      if (!parsed) {
        parsed = parseUserAgent(ctx.userAgent);
        cache.set(ctx.userAgent, parsed);
      }
      const { event } = draft;
      event.browser = parsed.browser;
      event.os = parsed.os;
      event.device = parsed.device;
      return draft;
    },
  };
}
