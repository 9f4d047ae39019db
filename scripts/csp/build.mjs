// Content-Security-Policy for the built index.html (issue #19): the last post-build step.
//
// Contract: index.html carries the policy as a <meta http-equiv="Content-Security-Policy">
// whose script-src lists no inline script; trunk then inlines its loader module and
// scripts/storage/lock.js, and scripts/offline/build.mjs adds the worker registration. This
// step computes the sha256 of every inline <script> of the built page and writes them into
// script-src, so those exact scripts run and no other inline script does (no nonce, no
// 'unsafe-inline'). It is idempotent, and fails the build when the page has no policy or a
// <script> it cannot hash.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The page with script-src = 'self' 'wasm-unsafe-eval' + the hashes of its inline scripts. */
export function withScriptHashes(html) {
  const meta = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/;
  if (!meta.test(html)) throw new Error('index.html has no Content-Security-Policy meta tag');
  const hashes = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\bsrc=/.test(m[1])) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  const scriptSrc = ["script-src 'self' 'wasm-unsafe-eval'", ...new Set(hashes)].join(' ');
  return html.replace(meta, (_, a, policy, z) => a + policy.replace(/script-src [^;]*/, scriptSrc) + z);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--dir');
  const dir = i >= 0 ? args[i + 1] : process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('no --dir and no TRUNK_STAGING_DIR');
  const path = join(dir, 'index.html');
  const html = withScriptHashes(readFileSync(path, 'utf8'));
  writeFileSync(path, html);
  console.log(`csp: ${(html.match(/'sha256-/g) || []).length} inline scripts allowed by hash`);
}
