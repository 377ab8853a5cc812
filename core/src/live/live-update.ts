/**
 * What a live dashboard receives: compact and privacy-safe. A feed item names what happened and
 * where from in coarse terms; it never carries a visitor id, session id, IP or user agent.
 */
import { z } from 'zod';
import type { DeviceType, StoredEvent } from '../event/stored.ts';

export interface LiveItem {
  ts: number;
  name: string;
  page: string;
  source: string;
  country: string;
  device: DeviceType;
  browser: string;
}

export interface LiveUpdate {
  site_id: string;
  /** time of the earliest and latest event this update covers (ms since the epoch) */
  from: number;
  to: number;
  /** every event this update covers, including those not in `items` */
  total: number;
  /** visits (sessions) these events opened */
  visits: number;
  /** events by name ('pageview', 'outbound', custom names); names past the cap count in `total` only */
  counts: Record<string, number>;
  /** the latest events, oldest first, at most the coalescer's item cap */
  items: LiveItem[];
}

export function liveItemOf(e: StoredEvent): LiveItem {
  return { ts: e.ts, name: e.name, page: e.page, source: e.source, country: e.country, device: e.device, browser: e.browser };
}

const liveItemSchema = z.object({
  ts: z.number(),
  name: z.string(),
  page: z.string(),
  source: z.string(),
  country: z.string(),
  device: z.enum(['desktop', 'mobile', 'tablet', 'other']),
  browser: z.string(),
});

const liveUpdateSchema = z.object({
  site_id: z.string(),
  from: z.number(),
  to: z.number(),
  total: z.number().int().nonnegative(),
  // an update from an instance of a version before visits were counted says nothing of them
  visits: z.number().int().nonnegative().default(0),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  items: z.array(liveItemSchema),
});

/** Parses an update that crossed a process boundary; null when it is not one. */
export function parseLiveUpdate(text: string): LiveUpdate | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = liveUpdateSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
