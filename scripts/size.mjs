#!/usr/bin/env node
// First-load transfer size of a release build: every .wasm, .js and .css in dist/, gzipped
// (level 9, as a static host would serve them). Deterministic for a given build.
// Usage: node scripts/size.mjs [--dir dist] [--budget-kb N] [--json]
// Exits 1 when the gzipped total is above the budget.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const opt = (n, d) => { const i = args.indexOf(`--${n}`); return i >= 0 ? args[i + 1] : d; };
const dir = opt('dir', 'dist');
const budgetKb = opt('budget-kb', null);

const rows = [];
for (const name of readdirSync(dir).sort()) {
  const path = join(dir, name);
  if (!statSync(path).isFile() || !['.wasm', '.js', '.css'].includes(extname(name))) continue;
  const raw = readFileSync(path);
  rows.push({ file: name, bytes: raw.length, gzip: gzipSync(raw, { level: 9 }).length });
}
const total = rows.reduce((a, r) => ({ bytes: a.bytes + r.bytes, gzip: a.gzip + r.gzip }), { bytes: 0, gzip: 0 });
if (args.includes('--json')) {
  console.log(JSON.stringify({ rows, total }, null, 2));
} else {
  for (const r of rows) console.log(`${r.file.padEnd(40)} ${String(r.bytes).padStart(9)} B  gzip ${String(r.gzip).padStart(8)} B`);
  console.log(`${'total (wasm + js + css)'.padEnd(40)} ${String(total.bytes).padStart(9)} B  gzip ${String(total.gzip).padStart(8)} B (${(total.gzip / 1024).toFixed(1)} KB)`);
}
if (rows.length === 0) { console.error(`no .wasm/.js/.css in ${dir}`); process.exit(1); }
if (budgetKb !== null && total.gzip > Number(budgetKb) * 1024) {
  console.error(`over budget: ${(total.gzip / 1024).toFixed(1)} KB > ${budgetKb} KB`);
  process.exit(1);
}
