#!/usr/bin/env node
// Transfer size of a release build, gzipped (level 9, as a static host would serve them).
// First load: every .wasm, .js and .css in dist/ except the lazy chunks, i.e. what a cold visit
// to `/` fetches (main wasm and its JS, the split loader, the stylesheet, the offline worker).
// Lazy chunks: the wasm of the pages loaded on demand, listed by dist/split-manifest.json
// (scripts/split/build.mjs), reported per route and in total (the worker precaches them all).
// Deterministic for a given build. The budget applies to the first load.
// Usage: node scripts/size.mjs [--dir dist] [--budget-kb N] [--json]
// Exits 1 when the first load is above the budget.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(`--${n}`); return i >= 0 ? args[i + 1] : d; };
const dir = opt('dir', 'dist');
const budgetKb = opt('budget-kb', null);

const manifestPath = join(dir, 'split-manifest.json');
const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : { first: [], routes: {} };
const chunkFiles = new Set(Object.values(manifest.routes).flat());
for (const f of [...manifest.first, ...chunkFiles]) {
  if (!existsSync(join(dir, f))) { console.error(`split-manifest.json names ${f}, missing from ${dir}`); process.exit(1); }
}

const measure = (name) => {
  const raw = readFileSync(join(dir, name));
  return { file: name, bytes: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
};
const sum = (rows) => rows.reduce((a, r) => ({ bytes: a.bytes + r.bytes, gzip: a.gzip + r.gzip }), { bytes: 0, gzip: 0 });

const rows = [];
const chunks = [];
for (const name of readdirSync(dir).sort()) {
  if (!statSync(join(dir, name)).isFile() || !['.wasm', '.js', '.css'].includes(extname(name))) continue;
  (chunkFiles.has(name) ? chunks : rows).push(measure(name));
}
const byFile = Object.fromEntries(chunks.map((c) => [c.file, c]));
const routes = Object.fromEntries(Object.entries(manifest.routes).sort()
  .map(([route, files]) => [route, sum(files.map((f) => byFile[f]))]));
const total = sum(rows);
const chunkTotal = sum(chunks);

if (args.includes('--json')) {
  console.log(JSON.stringify({ rows, total, chunks, chunkTotal, routes }, null, 2));
} else {
  const line = (label, r) => `${label.padEnd(48)} ${String(r.bytes).padStart(9)} B  gzip ${String(r.gzip).padStart(8)} B`;
  for (const r of rows) console.log(line(r.file, r));
  console.log(`${line('first load (wasm + js + css)', total)} (${(total.gzip / 1024).toFixed(1)} KB)`);
  if (chunks.length) {
    for (const c of chunks) console.log(line(`  chunk ${c.file}`, c));
    for (const [route, r] of Object.entries(routes)) console.log(line(`  route ${route} (its chunks)`, r));
    console.log(`${line('lazy chunks, all (precached)', chunkTotal)} (${(chunkTotal.gzip / 1024).toFixed(1)} KB)`);
    console.log(`${line('whole app (first load + chunks)', sum([total, chunkTotal]))}`);
  }
}
if (rows.length === 0) { console.error(`no .wasm/.js/.css in ${dir}`); process.exit(1); }
if (budgetKb !== null && total.gzip > Number(budgetKb) * 1024) {
  console.error(`over budget: first load ${(total.gzip / 1024).toFixed(1)} KB > ${budgetKb} KB`);
  process.exit(1);
}
