/**
 * Daily salt rotation for visitor ids. A visitor id is an HMAC of (site, ip, user agent) keyed by
 * the UTC day's salt, so the same person gets a new, unlinkable id every day and no IP or user
 * agent is ever stored. Yesterday's salt is kept only so a visit that spans midnight can still be
 * matched to its session; anything older is deleted, which makes old ids irreversible.
 */
import { createHmac } from 'node:crypto';
import type { ConfigStore } from '../configdb/config-store.ts';
import { DAY_MS, dayNumber, visitorIdOfDay } from './visitor-day.ts';

export interface DailySalts {
  /** the UTC day number of `current` (yesterday's is day - 1) */
  day: number;
  current: Buffer;
  previous: Buffer | null;
}

export class SaltKeeper {
  #day: string | null = null;
  #salts: Promise<DailySalts> | null = null;

  constructor(
    private readonly repo: ConfigStore['salts'],
    private readonly clock: () => number = Date.now,
  ) {}

  /** The salts for `now`'s UTC day; does I/O only the first time a day is seen. */
  saltsFor(now: number = this.clock()): Promise<DailySalts> {
    const day = utcDay(now);
    if (day === this.#day && this.#salts) return this.#salts;
    const loading = this.load(dayNumber(now), day, utcDay(now - DAY_MS));
    this.#day = day;
    this.#salts = loading;
    // a failed load (database briefly away) must not stick for the rest of the day
    loading.catch(() => {
      if (this.#salts === loading) {
        this.#day = null;
        this.#salts = null;
      }
    });
    return loading;
  }

  private async load(dayNo: number, day: string, yesterday: string): Promise<DailySalts> {
    const current = await this.repo.getOrCreate(day);
    const previous = await this.repo.get(yesterday);
    await this.repo.deleteBefore(yesterday);
    return { day: dayNo, current: current.salt, previous: previous?.salt ?? null };
  }
}

/** 'YYYY-MM-DD' of the UTC day containing `ms`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The visitor's id for one site under day `day`'s salt: the day, then 12 hex digits of
 * HMAC-SHA256 (visitor-day.ts).
 */
export function visitorId(salt: Buffer, day: number, siteId: string, ip: string, userAgent: string): string {
  return visitorIdOfDay(day, createHmac('sha256', salt).update(`${siteId}\0${ip}\0${userAgent}`).digest('hex'));
}
