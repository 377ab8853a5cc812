/**
 * `/`: until the Next.js dashboard lands, a plain page that says Vigil is up and how to start.
 */
import type { FastifyInstance } from 'fastify';
import { VERSION } from '@vigil/core/version';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vigil</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
code,pre{background:#f3f4f6;border-radius:4px;padding:.1rem .3rem}pre{padding:.75rem;overflow:auto}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}code,pre{background:#161b22}}</style></head>
<body><h1>Vigil is running</h1>
<p>Self-hosted, real-time web analytics. Version ${VERSION}.</p>
<ol><li>Add a site: <pre>npx vigil site add example.com</pre></li>
<li>Paste the printed snippet into your pages' &lt;head&gt;.</li>
<li>Create a token and query: <pre>npx vigil token create
curl -H "Authorization: Bearer $TOKEN" "/api/stats?site=SITE_ID"</pre></li></ol>
<p>The API is described at <a href="/api/openapi.json">/api/openapi.json</a>; health at <a href="/api/health">/api/health</a>.</p>
</body></html>`;

export function registerLanding(app: FastifyInstance): void {
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(PAGE));
}
