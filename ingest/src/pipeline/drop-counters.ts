/**
 * Counts accepted events and every drop reason since start, and logs what changed at most once a
 * minute. The log line holds only counts: never a site's visitor, IP or user agent.
 */
import { DROP_REASONS, type DropReason } from './drop-reason.ts';

export interface CounterSnapshot {
  accepted: number;
  dropped: Record<DropReason, number>;
}

/** The slice of a pino/Fastify logger the summary needs. */
export interface SummaryLogger {
  info(obj: object, msg: string): void;
}

export interface DropCounterOptions {
  log?: SummaryLogger;
  /** how often to log a summary of changes; 60 s by default */
  summaryEveryMs?: number;
}

function zeroDrops(): Record<DropReason, number> {
  return Object.fromEntries(DROP_REASONS.map((r) => [r, 0])) as Record<DropReason, number>;
}

export class DropCounters {
  private accepted = 0;
  private readonly dropped = zeroDrops();
  private lastLogged: CounterSnapshot = { accepted: 0, dropped: zeroDrops() };
  private readonly timer: NodeJS.Timeout | null;

  constructor(private readonly opts: DropCounterOptions = {}) {
    this.timer = opts.log ? setInterval(() => this.logChanges(), opts.summaryEveryMs ?? 60_000) : null;
    this.timer?.unref();
  }

  accept(count: number): void {
    this.accepted += count;
  }

  drop(reason: DropReason, count = 1): void {
    this.dropped[reason] += count;
  }

  snapshot(): CounterSnapshot {
    return { accepted: this.accepted, dropped: { ...this.dropped } };
  }

  /** Logs the counts added since the last summary; silent when nothing changed. */
  logChanges(): void {
    const now = this.snapshot();
    const dropped: Partial<Record<DropReason, number>> = {};
    for (const reason of DROP_REASONS) {
      const delta = now.dropped[reason] - this.lastLogged.dropped[reason];
      if (delta > 0) dropped[reason] = delta;
    }
    const accepted = now.accepted - this.lastLogged.accepted;
    if (accepted === 0 && Object.keys(dropped).length === 0) return;
    this.lastLogged = now;
    this.opts.log?.info({ accepted, dropped, total: now }, 'ingest: events since last summary');
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.logChanges();
  }
}
