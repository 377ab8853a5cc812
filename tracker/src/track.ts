/**
 * track.js: the script a site embeds with
 *   <script defer src="https://HOST/track.js" data-site="SITE_ID"></script>
 *
 * Sends pageviews (SPA navigations included), engagement (focused time and scroll depth),
 * outbound clicks and custom events to POST /api/track as a JSON array of wire events.
 * It stores nothing on the visitor's device and never throws into the host page.
 *
 * Every byte counts here (gzip budget 1,536 bytes), hence the short local aliases.
 */
import type { WireEvent } from '@vigil/core/event/wire';
import type { PropValue, Send, VigilApi } from './api.ts';

const w = window as Window & { vigil?: VigilApi };
const d = document;
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const loc = location;
const script = (d.currentScript || d.querySelector('script[data-site]')) as HTMLScriptElement | null;
const attr = (name: string) => script && script.getAttribute('data-' + name);
const site = attr('site');

/** Runs a handler so that a fault of ours never reaches the host page's error handlers. */
const safe =
  <A extends unknown[]>(f: (...args: A) => void) =>
  (...args: A) => {
    try {
      f(...args);
    } catch {}
  };

// A second copy of the snippet on the same page must not count everything twice.
if (site && !(w.vigil && w.vigil._c)) safe(() => {
  const queued = w.vigil && w.vigil.q;
  const optedOut =
    attr('respect-dnt') != null && (nav.doNotTrack == '1' || nav.globalPrivacyControl === true);
  const api = safe((command: unknown, name?: unknown, props?: unknown) => {
    if (!optedOut && command == 'event') custom(name, props);
  }) as VigilApi;
  const endpoint = attr('api') || new URL('/api/track', script!.src).href;
  const keepQuery = attr('keep-query') != null;

  const queue: WireEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  // The page being tracked, and its engagement since the last report.
  let url = '';
  let engaged = 0;
  let activeSince = 0;
  let depth = 0;
  let reportedDepth = 0;

  const post = (body: string) => {
    try {
      if (nav.sendBeacon(endpoint, body)) return;
    } catch {}
    fetch(endpoint, { method: 'POST', body, keepalive: true, headers: { 'Content-Type': 'text/plain' } }).catch(
      () => {},
    );
  };

  const flush = safe(() => {
    clearTimeout(timer);
    timer = 0;
    while (queue.length) post(JSON.stringify(queue.splice(0, 100)));
  });

  const send: Send = (n, extra) => {
    queue.push(Object.assign({ s: site, n, u: url }, extra));
    // A short delay batches a burst of events and still gets a pageview to the server at once.
    timer = timer || setTimeout(flush, 100);
  };

  /** Keeps only values the wire schema accepts, so one odd prop cannot get a whole batch refused. */
  const clean = (o: unknown) => {
    const props: Record<string, PropValue> = {};
    let count = 0;
    for (const k of Object.keys(o || {})) {
      let v = (o as Record<string, unknown>)[k];
      const type = typeof v;
      if (
        count < 30 &&
        k &&
        k.length < 65 &&
        (type == 'string' ? ((v = (v as string).slice(0, 500)), 1) : type == 'boolean' || (type == 'number' && isFinite(v as number)))
      ) {
        props[k] = v as PropValue;
        count++;
      }
    }
    return props;
  };

  const custom = (name: unknown, props?: unknown) => {
    if (name && typeof name == 'string') send(name.slice(0, 120), { p: clean(props) });
  };

  const cleanUrl = (href: string) => {
    const u = new URL(href);
    if (!keepQuery)
      u.search = '' + new URLSearchParams([...u.searchParams].filter((p) => /^utm_(source|medium|campaign|term|content)$/.test(p[0])));
    // Only hash routers ("#/path") put the page in the hash; other hashes are in-page anchors.
    if (u.hash.indexOf('#/')) u.hash = '';
    return u.href.slice(0, 2048);
  };
  const trackedUrl = () => cleanUrl(loc.href);
  // The referrer gets the same cleaning: a same-site referrer is the previous page, query and all
  // (browsers already cut cross-site referrers to their origin).

  const tick = () => {
    const now = performance.now();
    if (activeSince) engaged += now - activeSince;
    activeSince = d.visibilityState == 'visible' && d.hasFocus() ? now : 0;
  };

  const measure = () => {
    depth = Math.max(
      depth,
      Math.min(100, Math.round(((w.scrollY + w.innerHeight) / d.documentElement.scrollHeight) * 100)) || 0,
    );
  };

  const report = () => {
    tick();
    measure();
    const e = Math.min(18e5, Math.round(engaged));
    if (e || depth > reportedDepth) {
      send('engagement', { e, d: depth });
      engaged = 0;
      reportedDepth = depth;
    }
  };

  const pageview = () => {
    url = trackedUrl();
    engaged = activeSince = depth = reportedDepth = 0;
    tick();
    send('pageview', { r: d.referrer && cleanUrl(d.referrer), t: d.title.slice(0, 500), w: screen.width, l: nav.language });
  };

  const navigated = safe(() => {
    if (trackedUrl() != url) {
      report();
      pageview();
    }
  });
  // Routers often set the new title after pushState; a tick later the page is complete.
  const later = () => setTimeout(navigated);

  const hide = () => {
    report();
    flush();
  };

  const on = (target: EventTarget, type: string, f: (e: any) => void) => target.addEventListener(type, safe(f), true);

  w.vigil = api;
  if (!optedOut) {
    api._c = send;
    for (const k of ['pushState', 'replaceState'] as const) {
      const original = history[k];
      history[k] = function (this: History) {
        const result = original.apply(this, arguments as any);
        later();
        return result;
      };
    }
    on(w, 'popstate', later);
    on(w, 'hashchange', later);
    on(w, 'pagehide', hide);
    on(d, 'visibilitychange', () => (d.visibilityState == 'hidden' ? hide() : tick()));
    on(w, 'focus', tick);
    on(w, 'blur', tick);
    on(w, 'scroll', measure);
    // A page restored from the back/forward cache is a new view of it.
    on(w, 'pageshow', (e: PageTransitionEvent) => e.persisted && pageview());
    on(d, 'click', (e: MouseEvent) => {
      const target = e.target as Element;
      const link = target.closest('a[href]') as HTMLAnchorElement | null;
      if (link && link.host && link.host != loc.host) send('outbound', { h: link.href.slice(0, 2048) });
      const el = target.closest('[data-vigil-event]');
      if (el) {
        const props: Record<string, string> = {};
        for (const a of el.attributes) if (!a.name.indexOf('data-vigil-prop-')) props[a.name.slice(16)] = a.value;
        custom(el.getAttribute('data-vigil-event'), props);
      }
    });
    pageview();
    if (attr('clicks') != 'false') {
      const s = d.createElement('script');
      s.src = new URL('track-clicks.js', script!.src).href;
      d.head.appendChild(s);
    }
  }
  if (queued) for (const args of queued) api(...(args as [string]));
})();
