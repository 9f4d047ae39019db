// A test receiver for bundle uploads (docs/bundle-format.md, "Upload"): a node http server on
// 127.0.0.1 with a port of its own, started by each test that needs it.
//
// Each POST takes the next behaviour from a queue the test scripts (`script(...)`); when the
// queue is empty it acknowledges. Behaviours:
//   200      store the bundle once (by its id) and acknowledge it: {"bundle_id", "status"}
//   500      answer 500 with no acknowledgement
//   hang     never answer (the app's timeout must abort)
//   drop     destroy the socket without answering
//   no-ack   answer 200 with a body that does not name the bundle
//   503      answer 503 "busy" with `Retry-After: 2` (seconds), as the hub does when its
//            database is down
// Preflight (OPTIONS) is always answered with the CORS headers the app needs, and does not take
// a behaviour from the queue. The receiver remembers every bundle id and counts what it got.
import { createServer } from 'node:http';

export async function startReceiver() {
  const queue = [];
  const posts = [];          // every POST that arrived: { bundleId, behaviour }
  const stored = new Map();  // bundle id → parsed bundle, stored once
  const hanging = new Set();

  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type, X-Ansinh-Bundle-Id',
    'Access-Control-Expose-Headers': 'Retry-After',
    'Access-Control-Max-Age': '0',
    // A fresh connection for every request: Chromium silently retries a request whose reused
    // keep-alive connection drops, which would turn one scripted 'drop' into two POSTs.
    Connection: 'close',
  };

  const server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors);
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, cors);
      res.end();
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const behaviour = queue.length ? queue.shift() : '200';
      const header = req.headers['x-ansinh-bundle-id'];
      let bundle = null;
      try {
        bundle = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        bundle = null;
      }
      const bundleId = bundle && bundle.bundle_id;
      posts.push({ bundleId, header, behaviour, at: Date.now() });
      if (behaviour === 'hang') {
        hanging.add(res);
        return;
      }
      if (behaviour === 'drop') {
        req.socket.destroy();
        return;
      }
      if (behaviour === '500') {
        res.writeHead(500, { ...cors, 'Content-Type': 'text/plain' });
        res.end('server error');
        return;
      }
      if (behaviour === '503') {
        res.writeHead(503, { ...cors, 'Content-Type': 'application/json', 'Retry-After': '2' });
        res.end('{"error": "unavailable", "message": "Máy chủ huyện tạm thời không truy cập được cơ sở dữ liệu."}');
        return;
      }
      if (behaviour === 'no-ack') {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
        res.end('{"ok": true}');
        return;
      }
      if (!bundle || bundle.format !== 'ansinh-bundle' || !bundleId || header !== bundleId) {
        res.writeHead(400, { ...cors, 'Content-Type': 'text/plain' });
        res.end('not a bundle');
        return;
      }
      const duplicate = stored.has(bundleId);
      if (!duplicate) stored.set(bundleId, bundle);
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ bundle_id: bundleId, status: duplicate ? 'duplicate' : 'stored' }));
    });
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/nhan`,
    /** Appends behaviours for the next POSTs, e.g. script('500', 'drop', 'hang'). */
    script: (...behaviours) => queue.push(...behaviours),
    /** Behaviours not used yet. */
    queued: () => queue.length,
    posts: () => posts.slice(),
    received: () => posts.length,
    unique: () => stored.size,
    bundles: () => [...stored.values()],
    /** Record ids (kind:id) over every stored bundle, with repeats. */
    recordKeys: () => [...stored.values()].flatMap((b) => [
      ...(b.households || []).map((h) => `household:${h.meta.id}`),
      ...(b.figures || []).map((f) => `figures:${f.meta.id}`),
      ...(b.reports || []).map((r) => `report:${r.meta.id}`),
      ...(b.tombstones || []).map((t) => `${t.kind}:${t.id}`),
    ]),
    close: () => new Promise((resolve) => {
      for (const res of hanging) res.socket && res.socket.destroy();
      server.closeAllConnections && server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
