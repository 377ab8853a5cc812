/**
 * Step 7, source and channel. It runs BEFORE session assignment on purpose: a new session takes
 * its dimensions (referrer, source, channel, UTM) from its first event, so that event must carry
 * them by then; a continued session overwrites them with the session's own.
 *
 * A site sees the same few referrers and campaigns over and over, so classifications are cached
 * by everything they depend on: the page's host, the site's hosts, the referrer and the UTM tags.
 */
import { LRUCache } from 'lru-cache';
import type { Site } from '@vigil/core/configdb/config-store';
import { classifySource, type SourceResult } from '../../referrers/classify-source.ts';
import { siteHostnames } from '../../sites/hostname-matches.ts';
import { utmParams } from '../page-path.ts';
import type { EventDraft, EventStep } from '../event-draft.ts';

type SiteHosts = NonNullable<EventDraft['site']>;

/** Sanitised text holds no NUL, so it separates the parts of a cache key unambiguously. */
const SEP = '\u0000';
const hostKeys = new WeakMap<SiteHosts, string>();

function siteHostsKey(site: Pick<Site, 'domain' | 'allowed_hostnames'>): string {
  let key = hostKeys.get(site as SiteHosts);
  if (key === undefined) {
    key = siteHostnames(site).join(SEP);
    hostKeys.set(site as SiteHosts, key);
  }
  return key;
}

export function sourceChannelStep(cacheSize = 10_000): EventStep {
  const cache = new LRUCache<string, SourceResult>({ max: cacheSize });
  return {
    name: 'source_channel',
    run(draft) {
      const { event, site } = draft;
      const referrer = draft.wire.r ?? '';
      const utm = utmParams(draft.pageUrl);
      const key = `${event.hostname}${SEP}${site ? siteHostsKey(site) : ''}${SEP}${referrer}${SEP}${utm.utm_source}${SEP}${utm.utm_medium}${SEP}${utm.utm_campaign}${SEP}${utm.utm_term}${SEP}${utm.utm_content}`;
      let source = cache.get(key);
      if (!source) {
        const ownHosts = [event.hostname, ...(site ? siteHostnames(site) : [])];
        source = classifySource({ referrer, ownHosts, utm });
        cache.set(key, source);
      }
      event.referrer = source.referrer;
      event.source = source.source;
      event.channel = source.channel;
      event.utm_source = source.utm_source;
      event.utm_medium = source.utm_medium;
      event.utm_campaign = source.utm_campaign;
      event.utm_term = source.utm_term;
      event.utm_content = source.utm_content;
      return draft;
    },
  };
}
