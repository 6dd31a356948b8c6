#!/usr/bin/env node
// A static file server for the peers' benchmark pages (bench/scale.mjs), run as its own process
// like `ticketsearch serve` is for ours:
//
//   node bench/scale/serve.mjs ROOT        → prints {"port": N} on stdout once listening
//
// Serves ROOT on 127.0.0.1:<random free port>, GET/HEAD only, "/" → /index.html. Like a static
// host (and like `ticketsearch serve`): gzip at level 6 (zlib's default, also what
// `ticketsearch serve` uses) when the browser accepts it and the body is over 256 bytes. Unlike
// `ticketsearch serve`, which compresses on every request, every file is compressed once at
// start-up (as a CDN caches it), so compressing a 100 MB index is not timed as loading it.
// Bodies that gzip does not shrink (Pagefind's files are gzip already) are sent as they are.
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = process.argv[2];
if (!root) {
  console.error('usage: node bench/scale/serve.mjs ROOT');
  process.exit(2);
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
};

/** url path → {type, raw, gz|null} for every file under root, read and compressed once. */
const files = new Map();
const walk = (dir, rel) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const r = `${rel}/${e.name}`;
    if (e.isDirectory()) walk(p, r);
    else if (e.isFile()) {
      const raw = readFileSync(p);
      let gz = raw.length > 256 ? gzipSync(raw, { level: 6 }) : null;
      if (gz && gz.length >= raw.length) gz = null;
      files.set(r, { type: MIME[extname(p)] ?? 'application/octet-stream', raw, gz });
    }
  }
};
walk(root, '');

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405); res.end(); return; }
  let path;
  try { path = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { path = ''; }
  if (path.endsWith('/')) path += 'index.html';
  const f = files.get(path);
  if (!f) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found\n'); return; }
  const gzip = f.gz && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const body = gzip ? f.gz : f.raw;
  res.writeHead(200, {
    'content-type': f.type,
    'content-length': body.length,
    'cache-control': 'no-cache',
    ...(gzip ? { 'content-encoding': 'gzip', vary: 'Accept-Encoding' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port, files: files.size })}\n`);
});
// Exit with the parent: scale.mjs closes our stdin (or dies), and we follow.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
