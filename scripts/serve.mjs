#!/usr/bin/env node
// Serves a built An Sinh (`dist/`) on a loopback address, as a static host would: real files
// by path, index.html for app routes (client-side router), correct MIME types for wasm.
// Usage: node scripts/serve.mjs [--dir dist] [--host 127.0.0.1] [--port 8080]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const root = resolve(opt('dir', 'dist'));
const host = opt('host', '127.0.0.1');
const port = Number(opt('port', '8080'));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

async function fileFor(urlPath) {
  const clean = normalize(decodeURIComponent(urlPath.split('?')[0])).replace(/^([/\\])+/, '');
  const full = join(root, clean);
  if (!(full + sep).startsWith(root + sep) && full !== root) return null; // no path traversal
  try {
    const s = await stat(full);
    if (s.isFile()) return full;
    if (s.isDirectory()) {
      const idx = join(full, 'index.html');
      if ((await stat(idx)).isFile()) return idx;
    }
  } catch { /* fall through */ }
  return null;
}

const server = createServer(async (req, res) => {
  let path = await fileFor(req.url || '/');
  // App routes (no file extension) get the app shell; missing assets stay 404.
  if (!path && !extname((req.url || '/').split('?')[0])) path = join(root, 'index.html');
  if (!path) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return;
  }
  try {
    const body = await readFile(path);
    res.writeHead(200, {
      'content-type': TYPES[extname(path)] || 'application/octet-stream',
      // Hashed assets could be cached forever; the shell and worker must be revalidated.
      'cache-control': 'no-cache',
    });
    res.end(body);
  } catch (e) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(String(e));
  }
});

server.listen(port, host, () => {
  console.log(`An Sinh đang chạy tại / is serving at: http://${host}:${port}/`);
});
