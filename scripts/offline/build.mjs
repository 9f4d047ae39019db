#!/usr/bin/env node
// Makes a release build work offline. Runs as trunk's post_build hook (Trunk.toml) over the
// staging directory, before trunk moves it to dist/:
//   1. puts the worker registration (register.js) into index.html, once;
//   2. hashes every file of the build (SHA-256) except sw.js, and the list of names and hashes
//      into one digest;
//   3. writes sw.js from the template sw.js with the file list, that digest and a build id
//      taken from it, so any change to any file gives a new worker and a new cache. One digest
//      rather than one hash per file: sw.js is part of every first load, and 130-odd SHA-256s
//      in hex are some 4 KB gzipped that do not compress (docs/benchmarks.md).
// Debug builds (`trunk serve`, TRUNK_PROFILE=debug) get no worker: nothing stale while developing.
// Running it again over its own output gives the same result (the tests re-run it on a
// modified copy of dist/ to make "the next build").
// Usage: node scripts/offline/build.mjs [--dir DIR]   (trunk sets TRUNK_STAGING_DIR instead)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const MARK_START = '<!-- ansinh:offline -->';
const MARK_END = '<!-- /ansinh:offline -->';

function listFiles(dir, root = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path, root) : [relative(root, path).split(sep).join('/')];
  });
}

// Whole-line comments only: the templates keep code and comments on separate lines.
const stripComments = (js) => js.split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** Adds the registration script to `dir`/index.html (replacing an earlier one), then writes
 *  `dir`/sw.js. Returns `{ id, digest, files }` (files: name → SHA-256 hex, for tests and
 *  tooling; sw.js gets only the names and `digest`). */
export function buildOffline(dir, { base = '/' } = {}) {
  if (!base.endsWith('/')) base += '/';
  const indexPath = join(dir, 'index.html');
  const register = stripComments(readFileSync(here('register.js'), 'utf8'))
    .replace("/* BASE */ '/'", JSON.stringify(base));
  let html = readFileSync(indexPath, 'utf8');
  const start = html.indexOf(MARK_START);
  if (start >= 0) html = html.slice(0, start) + html.slice(html.indexOf(MARK_END) + MARK_END.length);
  if (!html.includes('</body>')) throw new Error(`${indexPath} has no </body>`);
  html = html.replace('</body>', `${MARK_START}<script>\n// From scripts/offline/register.js.\n${register}</script>${MARK_END}</body>`);
  writeFileSync(indexPath, html);

  const files = {};
  for (const name of listFiles(dir).sort()) {
    if (name !== 'sw.js') files[name] = sha256(readFileSync(join(dir, name)));
  }
  // The worker computes the same digest over what it fetched (sw.js, `precache`): one line
  // "name hash" per file, names sorted as here.
  const digest = sha256(Object.entries(files).map(([n, h]) => `${n} ${h}\n`).join(''));
  const id = digest.slice(0, 16);
  // What ships drops the templates' comments (every tablet downloads it); they stay in the
  // sources, which the first line points to.
  const template = stripComments(readFileSync(here('sw.js'), 'utf8'));
  const marker = /\/\* BUILD \*\/ .*;$/m;
  if (!marker.test(template)) throw new Error('sw.js template lost its BUILD line');
  const worker = template.replace(marker, () => `${JSON.stringify({ id, base, digest, files: Object.keys(files) }, null, 1)};`);
  writeFileSync(join(dir, 'sw.js'), `// An Sinh offline worker, made by scripts/offline/build.mjs from scripts/offline/sw.js.\n${worker}`);
  return { id, digest, files };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--dir');
  const dir = i >= 0 ? args[i + 1] : process.env.TRUNK_STAGING_DIR;
  if (!dir) throw new Error('no --dir and no TRUNK_STAGING_DIR');
  if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') {
    console.log('offline worker: skipped (not a release build)');
  } else {
    const { id, files } = buildOffline(dir, { base: process.env.TRUNK_PUBLIC_URL || '/' });
    console.log(`offline worker: build ${id}, ${Object.keys(files).length} files precached`);
  }
}
