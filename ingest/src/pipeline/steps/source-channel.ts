/**
 * Step 7, source and channel. It runs BEFORE session assignment on purpose: a new session takes
 * its dimensions (referrer, source, channel, UTM) from its first event, so that event must carry
 * them by then; a continued session overwrites them with the session's own.
 */
import { classifySource } from '../../referrers/classify-source.ts';
import { siteHostnames } from '../../sites/hostname-matches.ts';
import { utmParams } from '../page-path.ts';
import type { EventStep } from '../event-draft.ts';

export function sourceChannelStep(): EventStep {
  return {
    name: 'source_channel',
    run(draft) {
      const ownHosts = [draft.event.hostname, ...(draft.site ? siteHostnames(draft.site) : [])];
      const source = classifySource({ referrer: draft.wire.r ?? '', ownHosts, utm: utmParams(draft.pageUrl) });
      return { ...draft, event: { ...draft.event, ...source } };
    },
  };
}
