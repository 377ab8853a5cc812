/**
 * What the dashboard page itself records, installed before any of its scripts run: for every
 * benchmark path, the first time it arrived in a WebSocket message, the first time it was inserted
 * into the DOM (MutationObserver) and the next animation frame after that (the paint that shows
 * it). Times are epoch milliseconds (timeOrigin + now), comparable with the sender's clock once the
 * page's offset is measured.
 *
 * A string, not a function: tsx's transform decorates functions with helpers that do not exist in
 * the page.
 */
export interface PageSightings {
  ws: Record<string, number>;
  dom: Record<string, number>;
  painted: Record<string, number>;
}

export const SIGHTINGS_GLOBAL = '__vigilLiveBench';

export function liveProbeScript(pathPrefix: string): string {
  // the prefix goes into a RegExp in the page as it is, so it may hold no special characters
  if (!/^[a-z0-9/-]+$/.test(pathPrefix)) throw new RangeError(`path prefix ${JSON.stringify(pathPrefix)} may hold only a-z, 0-9, / and -`);
  return `(() => {
  const prefix = ${JSON.stringify(pathPrefix)};
  const seen = { ws: {}, dom: {}, painted: {} };
  window.${SIGHTINGS_GLOBAL} = seen;
  const now = () => performance.timeOrigin + performance.now();
  const pattern = new RegExp(prefix + '[0-9]+', 'g');
  const Native = window.WebSocket;
  class Watched extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const t = now();
        if (typeof event.data !== 'string') return;
        for (const path of event.data.match(pattern) || []) if (seen.ws[path] === undefined) seen.ws[path] = t;
      });
    }
  }
  window.WebSocket = Watched;
  const scan = (text, t, fresh) => {
    for (const path of (text || '').match(pattern) || []) {
      if (seen.dom[path] === undefined) { seen.dom[path] = t; fresh.push(path); }
    }
  };
  new MutationObserver((records) => {
    const t = now();
    const fresh = [];
    for (const r of records) {
      if (r.type === 'characterData') scan(r.target.data, t, fresh);
      for (const node of r.addedNodes) scan(node.textContent, t, fresh);
    }
    if (fresh.length > 0) requestAnimationFrame(() => { const p = now(); for (const path of fresh) if (seen.painted[path] === undefined) seen.painted[path] = p; });
  }).observe(document, { childList: true, subtree: true, characterData: true });
})();`;
}
