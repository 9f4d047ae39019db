#!/usr/bin/env node
// Splits the app's wasm into a start module and lazily loaded chunks. Runs as trunk's first
// post_build hook (Trunk.toml), before scripts/offline/build.mjs, so the offline worker lists
// and precaches every chunk. Trunk's own wasm-bindgen output (built with the `split` feature,
// `data-wasm-opt="0"`) is replaced in the staging directory by:
//   1. wasm-split-cli (crate wasm_split_cli_support, pinned in scripts/setup.sh) over the raw
//      rustc output (linked with --emit-relocs, build.rs): a main module, one module per lazy
//      route (`split_*.wasm`), shared chunks (`chunk_*.wasm`) and the loader `__wasm_split.js`;
//   2. wasm-bindgen over the main module (--keep-lld-exports: the chunks link to its exports);
//   3. wasm-opt over every module, at -Oz with index.html's `data-wasm-opt-params`;
//   4. every file named with one hash of the raw wasm (a new build never reuses a cached name),
//      index.html pointed at them with fresh SRI `integrity` attributes, and
//      `split-manifest.json`: the files of the first load and the files of each lazy route
//      (scripts/size.mjs measures from it).
// Same order as cargo-leptos's `--split`: rustc → split → wasm-bindgen → wasm-opt.
// Usage: node scripts/split/build.mjs [--dir DIR]   (trunk sets TRUNK_STAGING_DIR instead)
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const APP = 'ansinh-app';
const LOADER = '__wasm_split.js';
export const MANIFEST = 'split-manifest.json';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
// Its output is shown only when it fails (wasm-opt warns once per module about the name
// section's subsection 3, which rustc writes and binaryen 132 does not know).
const runAsync = (cmd, args) => new Promise((resolve, reject) => {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  child.once('error', reject);
  child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}\n${out}`))));
});
/** Runs `f` over `items`, at most `n` at once. */
async function pool(items, n, f) {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => { while (queue.length) await f(queue.shift()); }));
}
const sha = (alg, data) => createHash(alg).update(data).digest();
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The loader's chunk table: split name → the wasm files it needs, in load order (shared
 *  chunks first). Read from the loader wasm-split-cli wrote: `const __chunk_N = makeLoad(…
 *  "./chunk_N_….wasm" …)` and `export const __wasm_split_load_NAME = …makeLoad(…, [__chunk_N…])`. */
export function parseLoader(js) {
  const chunks = {};
  for (const m of js.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+\.wasm)"/g)) {
    chunks[m[1]] = m[2];
  }
  const routes = {};
  const re = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(([\s\S]*?), \[([^\]]*)\]\)\);/g;
  for (const m of js.matchAll(re)) {
    const own = m[2].match(/new URL\("\.\/([^"]+\.wasm)"/);
    const deps = m[3].split(',').map((s) => s.trim()).filter(Boolean).map((d) => {
      if (!chunks[d]) throw new Error(`loader: unknown chunk ${d}`);
      return chunks[d];
    });
    routes[m[1]] = [...deps, ...(own ? [own[1]] : [])];
  }
  if (Object.keys(routes).length === 0) throw new Error('loader: no split found (was the app built with --features split?)');
  return routes;
}

/** `html` with the SRI `integrity` of every `<link href="/FILE" … integrity="…">` recomputed
 *  from FILE in `dir` (sha384, as trunk writes them). */
export function withIntegrity(html, dir) {
  return html.replace(/(<link [^>]*href="\/([^"]+)"[^>]*integrity=")([^"]*)(")/g,
    (m, a, file, _old, b) => `${a}sha384-${sha('sha384', readFileSync(join(dir, file))).toString('base64')}${b}`);
}

/** Replaces trunk's wasm-bindgen output in `dir` with the split build; returns the manifest. */
export async function splitBuild(dir, { profile = 'release', htmlSource = 'index.html' } = {}) {
  const targetDir = process.env.CARGO_TARGET_DIR || 'target';
  const raw = readFileSync(join(targetDir, 'wasm32-unknown-unknown', profile, `${APP}.wasm`));
  const hash = sha('sha256', raw).toString('hex').slice(0, 16);
  const name = `${APP}-${hash}`;
  const work = mkdtempSync(join(tmpdir(), 'ansinh-split-'));
  try {
    const rawPath = join(work, 'raw.wasm');
    writeFileSync(rawPath, raw);
    const splitDir = join(work, 'split');
    run('wasm-split-cli', [rawPath, splitDir, '--target', 'web', '--out-name', name]);
    // Out-name without the hash, as trunk does: the glue's own module key (`./ansinh-app_bg.js`,
    // inside the wasm too) stays the same from build to build; only the file names carry it.
    run('wasm-bindgen', ['--target=web', '--no-typescript', '--keep-lld-exports', '--no-demangle',
      `--out-dir=${join(work, 'bg')}`, `--out-name=${APP}`, join(splitDir, `${name}.wasm`)]);

    const loaderJs = readFileSync(join(splitDir, LOADER), 'utf8');
    const routes = parseLoader(loaderJs);
    const chunkFiles = [...new Set(Object.values(routes).flat())].sort();
    const renamed = (f) => f.replace(/\.wasm$/, `-${hash}.wasm`);
    const loaderName = LOADER.replace(/\.js$/, `-${hash}.js`);

    // wasm-opt with the flags trunk would have used (index.html keeps them in one place).
    const html = readFileSync(htmlSource, 'utf8');
    const params = (html.match(/data-wasm-opt-params="([^"]*)"/) || [, ''])[1].split(/\s+/).filter(Boolean);
    const jobs = [];
    const optimise = (src, dst) => jobs.push([src, dst]);

    // Trunk's files, by the names its index.html uses.
    const indexPath = join(dir, 'index.html');
    let index = readFileSync(indexPath, 'utf8');
    const trunkJs = index.match(new RegExp(`/(${escape(APP)}-[0-9a-f]+)\\.js`));
    if (!trunkJs) throw new Error(`${indexPath}: no ${APP}-<hash>.js`);
    const trunkName = trunkJs[1];
    for (const f of [`${trunkName}.js`, `${trunkName}_bg.wasm`]) rmSync(join(dir, f));

    optimise(join(work, 'bg', `${APP}_bg.wasm`), join(dir, `${name}_bg.wasm`));
    for (const f of chunkFiles) optimise(join(splitDir, f), join(dir, renamed(f)));
    // Two at a time: most of a small chunk's time is wasm-opt's own start (binaryen.js).
    if (profile === 'release') await pool(jobs, 2, ([src, dst]) => runAsync('wasm-opt', ['-Oz', ...params, src, '-o', dst]));
    else for (const [src, dst] of jobs) copyFileSync(src, dst);
    // The main module imports the loader; the loader imports the main module's `initSync` and
    // fetches the chunks relative to itself.
    const mainJs = readFileSync(join(work, 'bg', `${APP}.js`), 'utf8');
    // Only the import specifiers change: the keys of the imports object stay the module name
    // the wasm itself imports from.
    const from = `from "./${LOADER}"`;
    if (!mainJs.includes(from)) throw new Error(`${name}.js does not import ${LOADER}`);
    writeFileSync(join(dir, `${name}.js`), mainJs.replaceAll(from, `from "./${loaderName}"`));
    let loader = loaderJs;
    for (const f of chunkFiles) loader = loader.replaceAll(`"./${f}"`, `"./${renamed(f)}"`);
    writeFileSync(join(dir, loaderName), loader);

    // index.html: trunk's names → ours, each integrity recomputed, and the loader preloaded
    // with the main module (it is imported at start anyway; this saves a round trip).
    index = index.replaceAll(trunkName, name);
    index = index.replace(/<link rel="modulepreload" href="\/([^"]+)"/,
      (m) => `<link rel="modulepreload" href="/${loaderName}" crossorigin="anonymous" integrity="">${m}`);
    writeFileSync(indexPath, withIntegrity(index, dir));

    const first = [`${name}.js`, `${name}_bg.wasm`, loaderName];
    const manifest = {
      first,
      routes: Object.fromEntries(Object.entries(routes).map(([r, fs]) => [r, fs.map(renamed)])),
    };
    writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--dir');
  const dir = i >= 0 ? args[i + 1] : process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('no --dir and no TRUNK_STAGING_DIR');
  const m = await splitBuild(dir, { profile: process.env.TRUNK_PROFILE || 'release', htmlSource: process.env.TRUNK_HTML_FILE || 'index.html' });
  console.log(`split: ${Object.keys(m.routes).length} lazy routes, ${new Set(Object.values(m.routes).flat()).size} chunks`);
}
