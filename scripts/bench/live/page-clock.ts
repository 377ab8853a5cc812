/**
 * The page's clock against ours. Both read the same system clock (epoch timeOrigin + monotonic
 * now), so the offset is small, but it is measured rather than assumed: the round trip with the
 * shortest time bounds it.
 */
import type { Page } from 'playwright-core';

export const epochNow = (): number => performance.timeOrigin + performance.now();

export interface ClockOffset {
  /** page time − bench time, ms */
  offsetMs: number;
  /** the round trip it was measured over: the offset is exact to within half of it */
  roundTripMs: number;
}

export async function measurePageClock(page: Page, samples = 7): Promise<ClockOffset> {
  let best: ClockOffset | null = null;
  for (let i = 0; i < samples; i++) {
    const before = epochNow();
    const pageTime = await page.evaluate('performance.timeOrigin + performance.now()') as number;
    const after = epochNow();
    const sample = { offsetMs: pageTime - (before + after) / 2, roundTripMs: after - before };
    if (!best || sample.roundTripMs < best.roundTripMs) best = sample;
  }
  return best!;
}
