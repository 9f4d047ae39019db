#!/usr/bin/env node
// Builds the import worker (crates/worker: a bundle file read and merged off the page's UI
// thread, issue #20) into the build. Runs as trunk's post_build hook after the split build and
// before the offline worker (Trunk.toml), so the service worker precaches it:
//   1. cargo builds crates/worker for wasm32 in trunk's profile (its own wasm: the page's start
//      module does not grow, and the worker is fetched only when a file is imported);
//   2. wasm-bindgen --target no-modules (a classic worker script: every browser that runs the
//      app runs it), then wasm-opt -Oz with index.html's `data-wasm-opt-params` (release);
//   3. both files named with one hash of the raw wasm; the script ends by starting the wasm
//      next to it; index.html gets `<meta name="ansinh-import-worker" content="/…js">`, which
//      the page reads (src/file_worker.rs), and split-manifest.json lists the two files as
//      the lazy "worker" entry (scripts/size.mjs reports it; it is not part of the first load).
// Usage: node scripts/worker/build.mjs [--dir DIR]   (trunk sets TRUNK_STAGING_DIR instead)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CRATE = 'ansinh-worker';
const META = 'ansinh-import-worker';
const MANIFEST = 'split-manifest.json';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });

/** Builds the worker into `dir` and points `dir`/index.html at it; returns its file names. */
export function workerBuild(dir, { profile = 'release', htmlSource = 'index.html' } = {}) {
  const targetDir = process.env.CARGO_TARGET_DIR || 'target';
  // --offline: like trunk's own build (Trunk.toml), it must not need the network.
  run('cargo', ['build', '--offline', '-p', CRATE, '--target', 'wasm32-unknown-unknown',
    ...(profile === 'release' ? ['--release'] : [])]);
  const raw = readFileSync(join(targetDir, 'wasm32-unknown-unknown', profile, `${CRATE.replace('-', '_')}.wasm`));
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  const name = `${CRATE}-${hash}`;
  const work = mkdtempSync(join(tmpdir(), 'ansinh-worker-'));
  try {
    const rawPath = join(work, 'raw.wasm');
    writeFileSync(rawPath, raw);
    run('wasm-bindgen', ['--target=no-modules', '--no-typescript', `--out-dir=${work}`, `--out-name=${CRATE}`, rawPath]);
    const wasm = `${name}_bg.wasm`;
    if (profile === 'release') {
      const html = readFileSync(htmlSource, 'utf8');
      const params = (html.match(/data-wasm-opt-params="([^"]*)"/) || [, ''])[1].split(/\s+/).filter(Boolean);
      run('wasm-opt', ['-Oz', ...params, join(work, `${CRATE}_bg.wasm`), '-o', join(dir, wasm)]);
    } else {
      copyFileSync(join(work, `${CRATE}_bg.wasm`), join(dir, wasm));
    }
    // The glue defines `wasm_bindgen`; starting it runs the crate's `start` (the message loop).
    // The wasm is found next to the script, whatever path the app is served under.
    const glue = readFileSync(join(work, `${CRATE}.js`), 'utf8');
    const js = `${name}.js`;
    writeFileSync(join(dir, js),
      `${glue}\nwasm_bindgen({ module_or_path: new URL(${JSON.stringify(wasm)}, self.location.href) });\n`);

    const indexPath = join(dir, 'index.html');
    let index = readFileSync(indexPath, 'utf8').replace(new RegExp(`<meta name="${META}"[^>]*>`), '');
    if (!index.includes('</head>')) throw new Error(`${indexPath} has no </head>`);
    index = index.replace('</head>', `<meta name="${META}" content="/${js}"></head>`);
    writeFileSync(indexPath, index);

    const manifestPath = join(dir, MANIFEST);
    if (existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      manifest.routes.worker = [js, wasm];
      writeFileSync(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
    }
    return [js, wasm];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--dir');
  const dir = i >= 0 ? args[i + 1] : process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('no --dir and no TRUNK_STAGING_DIR');
  const files = workerBuild(dir, { profile: process.env.TRUNK_PROFILE || 'release', htmlSource: process.env.TRUNK_HTML_FILE || 'index.html' });
  console.log(`worker: ${files.join(', ')}`);
}
