/**
 * Daily salt rotation for visitor ids. A visitor id is an HMAC of (site, ip, user agent) keyed by
 * the UTC day's salt, so the same person gets a new, unlinkable id every day and no IP or user
 * agent is ever stored. Yesterday's salt is kept only so a visit that spans midnight can still be
 * matched to its session; anything older is deleted, which makes old ids irreversible.
 */
import { createHmac } from 'node:crypto';
import type { ConfigStore } from '../configdb/config-store.ts';

export interface DailySalts {
  current: Buffer;
  previous: Buffer | null;
}

const DAY_MS = 86_400_000;

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
    const loading = this.load(day, utcDay(now - DAY_MS));
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

  private async load(day: string, yesterday: string): Promise<DailySalts> {
    const current = await this.repo.getOrCreate(day);
    const previous = await this.repo.get(yesterday);
    await this.repo.deleteBefore(yesterday);
    return { current: current.salt, previous: previous?.salt ?? null };
  }
}

/** 'YYYY-MM-DD' of the UTC day containing `ms`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The visitor's id for one site and one day's salt: 16 hex chars of HMAC-SHA256. */
export function visitorId(salt: Buffer, siteId: string, ip: string, userAgent: string): string {
  return createHmac('sha256', salt).update(`${siteId}\0${ip}\0${userAgent}`).digest('hex').slice(0, 16);
}
