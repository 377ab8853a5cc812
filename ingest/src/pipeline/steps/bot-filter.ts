/**
 * Step 3, bot filter: crawlers and monitoring tools (isbot's list) and headless browsers, which
 * run the tracker like a visitor would but are scripts, not people.
 */
import { isbot } from 'isbot';
import { LRUCache } from 'lru-cache';
import { drop } from '../drop-reason.ts';
import type { EventStep } from '../event-draft.ts';

const HEADLESS = /HeadlessChrome|PhantomJS|Lighthouse/i;

export function isBotUserAgent(userAgent: string): boolean {
  return userAgent.trim() === '' || HEADLESS.test(userAgent) || isbot(userAgent);
}

export function botFilterStep(cacheSize = 5_000): EventStep {
  // isbot is one large regular expression; a batch of events shares one user agent
  const verdicts = new LRUCache<string, { bot: boolean }>({ max: cacheSize });
  return {
    name: 'bot_filter',
    run(draft, ctx) {
      let verdict = verdicts.get(ctx.userAgent);
      if (!verdict) {
        verdict = { bot: isBotUserAgent(ctx.userAgent) };
        verdicts.set(ctx.userAgent, verdict);
      }
      return verdict.bot ? drop('bot') : draft;
    },
  };
}
