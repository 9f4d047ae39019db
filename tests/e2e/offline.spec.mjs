// Works offline (issue 6): after one visit online the app loads and saves with no network, and a
// new build deployed while a tab is open is announced, waits for the user, and loses nothing.
//
// Each test serves its own copy of dist/ with scripts/serve.mjs on a port of its own, so it can
// cut the server off or replace the files under a running tab, and so no worker from another test
// (or origin) is involved; every test also gets a fresh browser context.
import { test, expect } from '@playwright/test';
import { cpSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOffline } from '../../scripts/offline/build.mjs';
import { withIntegrity } from '../../scripts/split/build.mjs';
import { withScriptHashes } from '../../scripts/csp/build.mjs';
import { copyOfDist as copyDist, serve } from './serve.mjs';
import { agreeToNotice, H1, key } from './helpers.mjs';

const OFFLINE_TEXT = 'Ngoại tuyến — dữ liệu vẫn được lưu trên máy';

const copyOfDist = () => copyDist('ansinh-offline-');

/** The next release as a deploy would bring it: the app's js and wasm (the split build's chunks
 *  and loader too) under new hashed names (the old names are gone from the server), the
 *  references between them renamed, a changed index.html, and the worker made by the real build
 *  step over it. Why not a second trunk build: it takes minutes; what the worker sees (new
 *  names, new bytes, new sw.js) is the same. */
function nextBuild() {
  const dir = copyOfDist();
  let html = readFileSync(join(dir, 'index.html'), 'utf8');
  const hash = html.match(/ansinh-app-([0-9a-f]+)\.js/)[1];
  for (const name of readdirSync(dir).filter((n) => n.includes(hash))) {
    const renamed = join(dir, name.replace(hash, 'next' + hash));
    renameSync(join(dir, name), renamed);
    if (name.endsWith('.js')) writeFileSync(renamed, readFileSync(renamed, 'utf8').replaceAll(hash, 'next' + hash));
  }
  const manifest = join(dir, 'split-manifest.json');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replaceAll(hash, 'next' + hash));
  html = html.replaceAll(hash, 'next' + hash).replace('<head>', '<head>\n    <meta name="ansinh-test-build" content="2" />');
  // As the build does: integrity of the renamed files, then the CSP hashes of the inline
  // scripts (the loader names the renamed module, so its hash changes too).
  writeFileSync(join(dir, 'index.html'), withScriptHashes(withIntegrity(html, dir)));
  const { id } = buildOffline(dir);
  return { dir, id, oldHash: hash };
}

/** Replaces everything the server serves from `target` with the files of `source`. */
function deploy(source, target) {
  for (const name of readdirSync(target)) rmSync(join(target, name), { recursive: true });
  cpSync(source, target, { recursive: true });
}

const controlled = (page) => page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 });
const shellCaches = (page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('ansinh-shell-')));
const buildIdOf = (dir) => readFileSync(join(dir, 'sw.js'), 'utf8').match(/"id": "([0-9a-f]{16})"/)[1];

/** Asks the browser to look for a new sw.js now; resolves with where the new worker ends up:
 *  'installed' (waiting) or 'redundant' (install failed). */
const checkForUpdate = (page) => page.evaluate(async () => {
  const reg = await navigator.serviceWorker.getRegistration();
  const outcome = new Promise((resolve) => reg.addEventListener('updatefound', () => {
    const w = reg.installing;
    w.addEventListener('statechange', () => { if (w.state === 'installed' || w.state === 'redundant') resolve(w.state); });
  }, { once: true }));
  await reg.update();
  return outcome;
});

const dirs = [];
test.afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

test('after one visit online the app loads, navigates and saves with no network at all', async ({ page, context }) => {
  page.on('pageerror', (e) => { throw e; });
  const dir = copyOfDist();
  dirs.push(dir);
  const server = await serve(dir);
  // Requests for the lazily loaded chunks are held until the warning has been seen: the
  // header must not claim offline readiness while a chunk is still missing.
  let release;
  const held = new Promise((r) => { release = r; });
  // The worker fetches them (context.route sees a worker's requests, page.route does not).
  await context.route(/\/(split|chunk)_[^/]*\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(server.url + '/');
  await expect(page.getByTestId('online-status')).toHaveText('Trực tuyến');
  await expect(page.getByTestId('offline-ready')).toContainText('Chưa sẵn sàng dùng ngoại tuyến');
  release();
  await controlled(page);
  await expect(page.getByTestId('offline-ready')).toHaveText('Sẵn sàng dùng ngoại tuyến');
  expect(await shellCaches(page)).toEqual([`ansinh-shell-${buildIdOf(dir)}`]);

  // The manifest makes the app installable by Chromium's own check; the one objection left is
  // the test profile itself (Playwright's contexts are incognito, where nothing installs).
  const cdp = await context.newCDPSession(page);
  const { errors } = await cdp.send('Page.getAppManifest');
  expect(errors).toEqual([]);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors.map((e) => e.errorId)).toEqual(['in-incognito']);
  // Detach: while a second DevTools session is attached, a reloaded page starts with
  // navigator.onLine true despite the emulated offline network (seen with Chromium here).
  await cdp.detach();
  const manifest = await (await page.request.get(server.url + '/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ short_name: 'An Sinh', display: 'standalone', lang: 'vi', start_url: '/' });

  // No network, and no server either: nothing can come from anywhere but the worker's cache.
  await context.setOffline(true);
  await expect(page.getByTestId('online-status')).toHaveText(OFFLINE_TEXT);
  await server.stop();

  await page.reload();
  await expect(page.getByTestId('app-name')).toHaveText('An Sinh — Kế hoạch chính sách xã hội huyện Kon Rẫy');

  await expect(page.getByTestId('online-status')).toHaveText(OFFLINE_TEXT);

  // A deep link, typed or bookmarked, opens the app on that page.
  await page.goto(server.url + '/ho-gia-dinh');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Hộ gia đình');
  await page.getByTestId('add-household').click();
  await agreeToNotice(page);
  await expect(page).toHaveURL(/\/ho-gia-dinh\?ho=[0-9a-f-]{36}$/);
  const householdUrl = page.url();
  await page.getByTestId('add-member').click();
  await page.getByTestId('member-name').first().fill('Y Blơng (ngoại tuyến)');
  await page.getByTestId('commune').selectOption('dak-koi');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');

  // Still offline: reload the record's own address, then the list.
  await page.goto(householdUrl);
  await expect(page.getByTestId('member-name').first()).toHaveValue('Y Blơng (ngoại tuyến)');
  await page.goto(server.url + '/ho-gia-dinh');
  await page.reload();
  await expect(page.getByTestId('household-row')).toHaveCount(1);
  await expect(page.getByTestId('row-head')).toHaveText('Y Blơng (ngoại tuyến)');
  await expect(page.getByTestId('online-status')).toHaveText(OFFLINE_TEXT);

  // The indicator follows the connection back, in either language.
  await context.setOffline(false);
  await expect(page.getByTestId('online-status')).toHaveText('Trực tuyến');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('online-status')).toHaveText('Online');
  await context.setOffline(true);
  await expect(page.getByTestId('online-status')).toHaveText('Offline — data is still saved on this device');
});

test('a new build deployed under an open tab is announced, waits for the user, and keeps the data', async ({ page, context }) => {
  page.on('pageerror', (e) => { throw e; });
  const dir = copyOfDist();
  const next = nextBuild();
  dirs.push(dir, next.dir);
  const oldId = buildIdOf(dir);
  expect(next.id).not.toBe(oldId);
  const server = await serve(dir);

  await page.goto(server.url + '/ho-gia-dinh');
  await controlled(page);
  await page.getByTestId('add-household').click();
  await agreeToNotice(page);
  await page.getByTestId('add-member').click();
  await page.getByTestId('member-name').first().fill('Nhập trước khi cập nhật');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  const prompt = page.getByTestId('update-prompt');
  await expect(prompt).toBeHidden();

  deploy(next.dir, dir);
  // The tablet finds the new build when its signal comes back (or when it wakes, or hourly).
  await context.setOffline(true);
  await context.setOffline(false);
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  await expect(prompt).toHaveText('Có phiên bản mới — tải lại');
  await page.getByTestId('lang-switch').click();
  await expect(prompt).toHaveText('A new version is available — reload');
  await page.getByTestId('lang-switch').click();

  // Not accepted yet: the tab keeps running the old build, whole, although the server no longer
  // has its files; a reload still gets the old build from the old worker, and asks again.
  await page.getByTestId('member-name').first().fill('Vẫn đang sửa');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.reload();
  await expect(page.getByTestId('member-name').first()).toHaveValue('Vẫn đang sửa');
  expect(await page.locator('meta[name="ansinh-test-build"]').count()).toBe(0);
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /ansinh-app-.*\.(js|wasm)$/.test(n)));
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`ansinh-app-${next.oldHash}`);
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  expect(await shellCaches(page)).toEqual(expect.arrayContaining([`ansinh-shell-${oldId}`, `ansinh-shell-${next.id}`]));

  // Accepted: the new build takes over, the tab reloads into it, the old cache is gone.
  await Promise.all([page.waitForEvent('load'), prompt.click()]);
  await expect(page.locator('meta[name="ansinh-test-build"]')).toHaveAttribute('content', '2');
  await expect(page.getByTestId('member-name').first()).toHaveValue('Vẫn đang sửa');
  await expect(prompt).toBeHidden();
  expect(await shellCaches(page)).toEqual([`ansinh-shell-${next.id}`]);
  await page.goto(server.url + '/ho-gia-dinh');
  await expect(page.getByTestId('row-head')).toHaveText('Vẫn đang sửa');
  await server.stop();
});

test('a deploy caught halfway is not installed: the tab keeps the old build until every file matches', async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  const dir = copyOfDist();
  const next = nextBuild();
  dirs.push(dir, next.dir);
  const oldId = buildIdOf(dir);
  const server = await serve(dir);
  await page.goto(server.url + '/');
  await controlled(page);

  // The upload has reached every new file but index.html: all are there (200), one is stale.
  // Only the worker's hash check can tell; without it this tab's next start would pair the
  // old index.html with the new worker.
  for (const name of readdirSync(next.dir).filter((n) => n !== 'index.html')) cpSync(join(next.dir, name), join(dir, name));
  expect(await checkForUpdate(page)).toBe('redundant'); // its install failed and it was dropped
  await expect(page.getByTestId('update-prompt')).toBeHidden();
  expect(await shellCaches(page)).toEqual([`ansinh-shell-${oldId}`]);
  await page.reload();
  expect(await page.locator('meta[name="ansinh-test-build"]').count()).toBe(0);
  await expect(page.getByTestId('app-name')).toHaveText('An Sinh — Kế hoạch chính sách xã hội huyện Kon Rẫy');

  // The rest arrives; the next check installs the whole build and asks.
  deploy(next.dir, dir);
  expect(await checkForUpdate(page)).toBe('installed');
  await expect(page.getByTestId('update-prompt')).toBeVisible();
  expect(await shellCaches(page)).toEqual(expect.arrayContaining([`ansinh-shell-${oldId}`, `ansinh-shell-${next.id}`]));
  await server.stop();
});

test('a browser that cannot register the worker runs the app and says it is not ready offline', async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  const dir = copyOfDist();
  dirs.push(dir);
  const server = await serve(dir);
  // As in a browser whose policy blocks service workers: register() throws.
  await page.addInitScript(() => {
    navigator.serviceWorker.register = () => { throw new DOMException('blocked by policy', 'SecurityError'); };
  });
  await page.goto(server.url + '/');
  await expect(page.getByTestId('app-name')).toBeVisible();
  await expect(page.getByTestId('offline-ready')).toContainText('Chưa sẵn sàng dùng ngoại tuyến');
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-ansinh-offline'))).toBe('failed');
});

test('with no network, a file is exported and imported by the file worker from the offline cache', async ({ page, context }) => {
  const dir = copyOfDist();
  dirs.push(dir);
  const server = await serve(dir);
  await page.goto(server.url + '/');
  await controlled(page);
  await expect(page.getByTestId('offline-ready')).toHaveText('Sẵn sàng dùng ngoại tuyến');
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key(H1), JSON.stringify(H1)]);
  await page.goto(server.url + '/dong-bo');
  // No network, no server: the worker's script and wasm can only come from the offline cache.
  await context.setOffline(true);
  await server.stop();
  await page.getByTestId('export-scope-0').check();
  await page.getByTestId('export-protect-2').check();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-file').click();
  const file = await download;
  const text = await file.createReadStream().then((s) => s.toArray()).then((c) => Buffer.concat(c).toString('utf8'));
  expect(JSON.parse(text).households.map((h) => h.meta.id)).toEqual([H1.meta.id]);
  // The household gone from this tablet, the file brings it back, through the worker: only
  // the worker's import has a merging step to show.
  await page.evaluate((k) => localStorage.removeItem(k), key(H1));
  await page.reload();
  await expect(page.getByTestId('import-file')).toBeAttached();
  await page.evaluate((t) => {
    window.phases = [];
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid=import-progress] p');
      if (p && !window.phases.includes(p.textContent)) window.phases.push(p.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    const files = new DataTransfer();
    files.items.add(new File([t], 'tu-may-khac.json', { type: 'application/json' }));
    const input = document.querySelector('[data-testid=import-file]');
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, text);
  await expect(page.getByTestId('import-result')).toContainText('thêm 1,');
  expect(await page.evaluate(() => window.phases)).toContain('Đang đối chiếu với dữ liệu trên máy…');
  expect(await page.evaluate((k) => localStorage.getItem(k) !== null, key(H1))).toBe(true);
});
