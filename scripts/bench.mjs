#!/usr/bin/env node
// The benchmark suite of issue 8 in one run: the same scenarios (crates/bench) natively with
// criterion and in WASM in headless Chromium, plus start-up with the whole district stored, the
// first-load size and the storage share. Rewrites the results table of docs/benchmarks.md
// between its `bench:start` / `bench:end` markers. Measurements, not tests: nothing fails on a
// missed goal; the table says met or not.
// Usage: node scripts/bench.mjs [--quick] [--only eval]   (after `source scripts/setup.sh && ansinh_setup test`)
// `--only eval`: only the evaluation, native then WASM back to back with the same warm-up
// policy (WARMUP_S of untimed calls on each side), printed with the ratio; docs are not touched.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const root = resolve(new URL('..', import.meta.url).pathname);
const quick = process.argv.includes('--quick');
const target = resolve(root, process.env.CARGO_TARGET_DIR || 'target');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const DISTRICT = 7500;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
if (only !== null && only !== 'eval') throw new Error(`--only ${only}: only "eval" is known`);
// Untimed evaluations before timing, on both sides (criterion's --warm-up-time; the WASM side
// keeps calling for as long): V8 runs new wasm code in its baseline tier until it is hot.
const WARMUP_S = 2;
const criterionMs = (group, id) => {
  const f = join(target, 'criterion', group, id, 'new', 'estimates.json');
  return JSON.parse(readFileSync(f, 'utf8')).median.point_estimate / 1e6; // ms
};

// Builds the WASM side of the suite (crates/bench) into `site`/__bench and serves `site`.
async function serveBench(site, port) {
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'ansinh-bench', '--lib']);
  run('wasm-bindgen', ['--target', 'web', '--out-dir', join(site, '__bench'),
    join(target, 'wasm32-unknown-unknown', 'release', 'ansinh_bench.wasm')]);
  writeFileSync(join(site, '__bench', 'index.html'), `<!doctype html><meta charset="utf-8"><script type="module">
import init, * as b from './ansinh_bench.js'; await init(); window.bench = b; window.benchReady = true;
</script>`);
  const server = spawn('node', [join(root, 'scripts/serve.mjs'), '--dir', site, '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { await fetch(base + '/'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  return { server, base };
}

async function openBench(browser, base) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(base + '/__bench/index.html');
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60000 });
  const call = async (fn, ...args) => JSON.parse(await page.evaluate(([f, a]) => window.bench[f](...a), [fn, args]));
  return { context, call };
}

// The evaluation in WASM after WARMUP_S of untimed calls: median of `runs` single calls (ms).
async function wasmEval(call, households, runs) {
  const r = await call('bench_evaluate_warm', households, WARMUP_S * 1000, runs);
  return { ms: median(r.timed.ms), fastest: Math.min(...r.timed.ms), warmups: r.warmups };
}

if (only === 'eval') {
  // Native first, then WASM, nothing else in between: the same scenario (crates/bench's
  // `evaluate_all`, the district built outside the timing) with the same warm-up.
  run('cargo', ['bench', '-p', 'ansinh-bench', '--bench', 'suite', '--', '--noplot', '--warm-up-time', String(WARMUP_S),
    ...(quick ? ['--measurement-time', '2'] : []), '^evaluate/']);
  const nat = { 1: criterionMs('evaluate', String(DISTRICT)), 10: criterionMs('evaluate', String(10 * DISTRICT)) };
  const site = mkdtempSync(join(tmpdir(), 'ansinh-bench-eval-'));
  const { server, base } = await serveBench(site, 4191);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
  const wasm = {};
  try {
    const { call } = await openBench(browser, base);
    wasm[1] = await wasmEval(call, DISTRICT, quick ? 10 : 30);
    wasm[10] = await wasmEval(call, 10 * DISTRICT, quick ? 3 : 10);
  } finally {
    await browser.close();
    server.kill();
    rmSync(site, { recursive: true, force: true });
  }
  for (const [k, label] of [[1, `district (${DISTRICT})`], [10, `10 districts (${10 * DISTRICT})`]]) {
    const w = wasm[k];
    console.log(`evaluate ${label}: native ${nat[k].toFixed(2)} ms (criterion median), WASM ${w.ms.toFixed(2)} ms ` +
      `(median; fastest ${w.fastest.toFixed(2)}; after ${w.warmups} warm-up calls), ratio WASM/native ${(w.ms / nat[k]).toFixed(2)}`);
  }
  console.log(`goals (district): WASM ≤ 10 ms ${wasm[1].ms <= 10 ? 'met' : 'NOT met'}, ratio ≤ 1.5 ${wasm[1].ms / nat[1] <= 1.5 ? 'met' : 'NOT met'}`);
  process.exit(0);
}

// 1. Native (criterion, the shipped release profile).
run('cargo', ['bench', '-p', 'ansinh-bench', '--bench', 'suite', '--', '--noplot', '--warm-up-time', String(WARMUP_S), ...(quick ? ['--quick'] : [])]);
const crit = criterionMs;
const native = {
  eval1: crit('evaluate', String(DISTRICT)), eval10: crit('evaluate', String(10 * DISTRICT)),
  save100: crit('save', '100'), save7500: crit('save', String(DISTRICT)),
  export: crit('bundle', 'export'), import: crit('bundle', 'import'), refuse: crit('bundle', 'refuse'),
};

// 2. The app (release) and the WASM side of the suite, served from one origin.
run('trunk', ['build', '--release', '--offline']);
const site = mkdtempSync(join(tmpdir(), 'ansinh-bench-'));
cpSync(join(root, 'dist'), site, { recursive: true });
const { server, base } = await serveBench(site, 4190);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium' });
const results = {};
try {
  const { context, call } = await openBench(browser, base);
  results.eval1 = (await wasmEval(call, DISTRICT, quick ? 3 : 10)).ms;
  results.eval10 = (await wasmEval(call, 10 * DISTRICT, quick ? 1 : 3)).ms;
  results.save100 = median((await call('bench_save', 100, 50)).ms);
  results.save7500 = median((await call('bench_save', DISTRICT, 50)).ms);
  const bundle = await call('bench_bundle', DISTRICT, quick ? 1 : 3);
  results.bundleBytes = bundle.bytes;
  results.export = median(bundle.export.ms);
  results.parse = median(bundle.parse.ms);
  results.import = median(bundle.import.ms);
  results.refuse = median(bundle.refuse.ms);
  const fill = await call('fill_district', DISTRICT);
  results.storage = fill;

  // Start: from navigation to the dashboard showing the district's figures, whole district stored.
  const starts = [];
  for (let i = 0; i < (quick ? 2 : 5); i++) {
    const p = await context.newPage();
    await p.goto(base + '/chi-tieu');
    await p.waitForSelector('[data-testid="dash-row"][data-id="8"][data-den]:not([data-den="0"])', { timeout: 60000 });
    starts.push(await p.evaluate(() => performance.now()));
    await p.close();
  }
  results.start = median(starts);
} finally {
  await browser.close();
  server.kill();
}

// 3. Size of the first load (the same measure as the test's budget check).
const size = JSON.parse(execFileSync('node', [join(root, 'scripts/size.mjs'), '--dir', join(root, 'dist'), '--json'], { encoding: 'utf8' }));
rmSync(site, { recursive: true, force: true });

const QUOTA = 5242880;
const f = (ms) => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)).replace('.', ',');
const met = (ok) => (ok ? 'met' : '**not met**');
const rows = [
  ['Evaluation, district (7,500 households), WASM', `${f(results.eval1)} ms`, '≤ 10 ms', met(results.eval1 <= 10)],
  ['Evaluation, district, native', `${f(native.eval1)} ms`, '', ''],
  ['Evaluation ratio WASM / native', (results.eval1 / native.eval1).toFixed(2), '≤ 1.5', met(results.eval1 / native.eval1 <= 1.5)],
  ['Evaluation, 10 districts (75,000), WASM', `${f(results.eval10)} ms`, '≈ 10 × district (linear)', `× ${(results.eval10 / results.eval1).toFixed(1)}`],
  ['Evaluation, 10 districts, native', `${f(native.eval10)} ms`, '', `× ${(native.eval10 / native.eval1).toFixed(1)}`],
  ['Save one household, 100 stored, WASM + localStorage', `${f(results.save100)} ms`, '', ''],
  ['Save one household, 7,500 stored, WASM + localStorage', `${f(results.save7500)} ms`, 'ratio ≈ 1', `ratio ${(results.save7500 / results.save100).toFixed(2)}`],
  ['Save, 100 vs 7,500 stored, native (memory)', `${f(native.save100)} / ${f(native.save7500)} ms`, 'ratio ≈ 1', `ratio ${(native.save7500 / native.save100).toFixed(2)}`],
  ['Start: navigation → dashboard figures, district stored', `${f(results.start)} ms`, '≤ 1,500 ms', met(results.start <= 1500)],
  ['… of which: open the store (read + decode all entries)', `${f(results.storage.open_ms)} ms`, '', ''],
  ['… of which: records → engine input', `${f(results.storage.dataset_ms)} ms`, '', ''],
  ['First-load size (wasm + js + css, gzip 9)', `${(size.total.gzip / 1024).toFixed(1)} KB`, '≤ 400 KB', met(size.total.gzip <= 400 * 1024)],
  ['Lazy chunks of the other pages (gzip 9, precached by the worker)', `${(size.chunkTotal.gzip / 1024).toFixed(1)} KB`, '', `${size.chunks.length} files`],
  ['Storage: district in localStorage', `${results.storage.units.toLocaleString('en')} UTF-16 units`, 'fits with room', `${(100 * results.storage.units / QUOTA).toFixed(1)}% of the quota`],
  ['Bundle export, whole district, WASM', `${f(results.export)} ms`, '', `${(results.bundleBytes / 1e6).toFixed(1)} MB JSON`],
  ['Bundle import (validate + merge), whole district, WASM', `${f(results.import)} ms`, '', `parse alone ${f(results.parse)} ms`],
  ['Bundle export / import, native', `${f(native.export)} / ${f(native.import)} ms`, '', ''],
  ['Bad bundle refused (wrong type in the last household), WASM', `${f(results.refuse)} ms`, '≤ 1.5 × parse',
    `${(results.refuse / results.parse).toFixed(2)} × parse`],
  ['Bad bundle refused, native', `${f(native.refuse)} ms`, '', ''],
];
const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim()}`;
const table = [
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (--quick)' : ''} on ${machine}; release profile on both sides (opt-level "z", the engine's hot pass \`ansinh-tally\` at 3); medians.`,
  '',
  '| measure | result | goal | |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const doc = join(root, 'docs/benchmarks.md');
const text = readFileSync(doc, 'utf8');
const start = '<!-- bench:start -->', end = '<!-- bench:end -->';
if (!text.includes(start) || !text.includes(end)) throw new Error(`${doc} lacks the ${start} / ${end} markers`);
writeFileSync(doc, text.slice(0, text.indexOf(start) + start.length) + '\n' + table + '\n' + text.slice(text.indexOf(end)));
console.log(table);
