/**
 * Step 3, bot filter: crawlers and monitoring tools (isbot's list) and headless browsers, which
 * run the tracker like a visitor would but are scripts, not people.
 */
import { isbot } from 'isbot';
import { drop } from '../drop-reason.ts';
import type { EventStep } from '../event-draft.ts';

const HEADLESS = /HeadlessChrome|PhantomJS|Lighthouse/i;

export function isBotUserAgent(userAgent: string): boolean {
  return userAgent.trim() === '' || HEADLESS.test(userAgent) || isbot(userAgent);
}

export function botFilterStep(): EventStep {
  return {
    name: 'bot_filter',
    run: (draft, ctx) => (isBotUserAgent(ctx.userAgent) ? drop('bot') : draft),
  };
}
