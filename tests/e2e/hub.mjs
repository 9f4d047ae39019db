// The real district hub (`ansinh serve`, the `ansinh-hub` binary) for end-to-end tests: started
// by the test itself on a free loopback port with a SQLite file in a temp directory, stopped
// (and the directory removed) at the end.
//
// The binary is the debug build the hub tests leave behind (`cargo test -p ansinh-hub` runs
// before the end-to-end tier): $ANSINH_HUB, else $CARGO_TARGET_DIR/debug/ansinh-hub, else
// target/debug/ansinh-hub; when none exists it is built here first (`cargo build -p ansinh-hub`).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);

export function hubBinary() {
  const candidates = [
    process.env.ANSINH_HUB,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, 'debug', 'ansinh-hub'),
    join(ROOT, 'target', 'debug', 'ansinh-hub'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  const built = spawnSync('cargo', ['build', '-p', 'ansinh-hub'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('could not build the hub (cargo build -p ansinh-hub)');
  const again = candidates.find((p) => existsSync(p));
  if (!again) throw new Error(`hub binary not found after building: ${candidates.join(', ')}`);
  return again;
}

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts the hub; `args`: extra options of `ansinh serve` (e.g. `['--district-key', 'age1…']`). */
export async function startHub({ args = [] } = {}) {
  const bin = hubBinary();
  const dir = mkdtempSync(join(tmpdir(), 'ansinh-hub-e2e-'));
  const database = join(dir, 'hub.sqlite3');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const cli = (...args) => execFileSync(bin, ['--database', database, ...args], { encoding: 'utf8' }).trim();
  const child = spawn(bin, ['--database', database, '--listen', `127.0.0.1:${port}`, '--dist', join(dir, 'no-app'), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  // Ready when the health check answers.
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the hub did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    /** The address a tablet is given (its upload endpoint). */
    url: `${base}/api/bundles`,
    /** A one-time enrolment code for a device of `unit`. */
    code: (unit, label) => cli('token', 'create', '--unit', unit, '--label', label, '--plain'),
    /** `token list` as printed. */
    list: () => cli('token', 'list'),
    revoke: (device) => cli('token', 'revoke', device),
    log: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
