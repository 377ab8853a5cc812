/**
 * Serves the browser test site on 127.0.0.1 (random port) with a snippet (the tracker's script
 * tag, a stub, anything) injected into each page's <head>. Used by the tracker's browser test and
 * by end-to-end tests against the real server.
 *
 * Pages: / (index.html), /pricing.html, /long.html (five screens), /links.html (an outbound link to
 * the same site under "localhost", a data-vigil-event button), /spa.html and /spa/* (pushState
 * router plus a "#/settings" hash route).
 */
import { createServer } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export interface TestSite {
  /** origin of the site, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

const dir = new URL('./', import.meta.url);
const pages = new Map(
  readdirSync(dir)
    .filter((name) => name.endsWith('.html'))
    .map((name) => [`/${name}`, readFileSync(new URL(name, dir), 'utf8')]),
);

function pageFor(pathname: string): string | undefined {
  if (pathname === '/') return pages.get('/index.html');
  // The SPA's routes must survive a reload, as on a real site.
  if (pathname.startsWith('/spa/')) return pages.get('/spa.html');
  return pages.get(pathname);
}

export async function serveTestSite(opts: { snippet: string }): Promise<TestSite> {
  let port = 0;
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://site').pathname;
    const page = pageFor(pathname);
    if (req.method !== 'GET' || page === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const html = page
      .replace('<head>', `<head>\n${opts.snippet}`)
      // Same server under another host name: a link there is outbound for the tracker.
      .replaceAll('__ALT_ORIGIN__', `http://localhost:${port}`);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
