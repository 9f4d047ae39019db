// Serving a copy of dist/ for the specs that need their own origin (offline.spec, split.spec):
// each test gets a port of its own, so no worker or HTTP cache of another test is involved.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Serves `dir` on 127.0.0.1 with the project's static server; `stop()` ends it. */
export async function serve(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs'), '--dir', dir, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    child.stdout.on('data', (d) => { if (String(d).includes('is serving at')) resolve(); });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', resolve);
      child.kill();
    }),
  };
}

/** A fresh copy of dist/ in a temporary directory (named `prefix…`). */
export function copyOfDist(prefix = 'ansinh-dist-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(DIST, dir, { recursive: true });
  return dir;
}
