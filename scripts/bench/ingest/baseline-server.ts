/**
 * The ingest baseline: a bare node:http server that reads the body, JSON.parses it and answers
 * 202 — the least any tracking endpoint must do. Run as its own process, like Vigil; prints its
 * port on stdout once listening.
 */
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(202, { 'access-control-allow-origin': '*' }).end();
    } catch {
      res.writeHead(400).end();
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
