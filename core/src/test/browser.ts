/**
 * Test helper: the system Chromium as the browser tests drive it (playwright-core), seen by Vigil
 * as a visitor's desktop Chrome, and a log of what a scripted visitor did that the stats must show.
 */
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { chromiumPath } from './engines.ts';
import { CHROME_UA } from './user-agents.ts';

/** The ingest bot filter drops HeadlessChrome, as it should; a visitor's browser says Chrome. */
export const DESKTOP_CHROME_UA = CHROME_UA;

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  // A context's user agent is a per-page override; a beacon sent while a page unloads leaves from
  // the browser process with the browser's own user agent, which must say Chrome too.
  `--user-agent=${DESKTOP_CHROME_UA}`,
];

/** A desktop visitor's tab: Chrome's user agent, a laptop's viewport, English. */
export const VISITOR_CONTEXT: BrowserContextOptions = { userAgent: DESKTOP_CHROME_UA, viewport: { width: 1280, height: 720 }, locale: 'en-US' };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/** What a scripted visitor did on a site served at `origin`: its pageviews and its events. */
export class VisitLog {
  /** every pageview, as the `page` the stats API reports it */
  readonly pageviews: string[] = [];
  /** custom events and outbound clicks, by name */
  readonly events = new Map<string, number>();

  constructor(
    private readonly page: Page,
    private readonly origin: string,
  ) {}

  /** Waits until `path` has loaded, then counts its pageview. */
  async arrive(path: string): Promise<void> {
    await this.page.waitForURL(`${this.origin}${path}`);
    await this.page.waitForLoadState('load');
    this.pageviews.push(path);
  }

  fired(name: string): void {
    this.events.set(name, (this.events.get(name) ?? 0) + 1);
  }
}
