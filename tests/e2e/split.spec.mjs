// Code splitting (docs/benchmarks.md, "Code splitting"): a cold load of `/` fetches the start
// module and none of the lazy chunks, so scripts/size.mjs's first-load figure is what a tablet
// really downloads first; each other page fetches its own chunks on the first visit; and after one
// visit online every lazy page opens with the network cut (the offline worker precached them).
//
// Each test serves its own copy of dist/ on a port of its own (as offline.spec.mjs does), in a
// fresh browser context, so no worker or HTTP cache of another test is involved.
import { test, expect } from '@playwright/test';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, copyOfDist, serve } from './serve.mjs';
import { agreeToNotice } from './helpers.mjs';

const MANIFEST = JSON.parse(readFileSync(join(DIST, 'split-manifest.json'), 'utf8'));

// Each lazy page: its path, its heading, and its split point (app.rs) whose chunks it needs.
const PAGES = [
  { path: '/ho-gia-dinh', heading: 'Hộ gia đình', split: 'households_page' },
  { path: '/chi-tieu', heading: 'Chỉ tiêu', split: 'indicators_page' },
  { path: '/bao-cao', heading: 'Báo cáo', split: 'reports_page' },
  { path: '/dong-bo', heading: 'Đồng bộ', split: 'sync_page' },
  { path: '/ke-hoach', heading: 'Kế hoạch', split: 'plan_page' },
];
const filesOf = (split) => {
  expect(MANIFEST.routes[split], `split ${split} in split-manifest.json`).toBeDefined();
  return MANIFEST.routes[split];
};
const ALL_CHUNKS = [...new Set(Object.values(MANIFEST.routes).flat())];

/** Serves a copy of dist/ (see serve.mjs); `stop()` ends it and removes the copy. */
async function serveCopy() {
  const dir = copyOfDist('ansinh-split-');
  const server = await serve(dir);
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The file names (no path) the page itself has requested so far. */
function recordRequests(page) {
  const names = [];
  page.on('request', (r) => names.push(new URL(r.url()).pathname.slice(1)));
  return names;
}

test('the split build has lazy chunks for every page but Tổng quan, and for the lock screen, PIN checks, encryption, office files, the uploader, the exporter, Tổng quan\'s indicator counts and drafts with errors, the whole plan, and the file worker', () => {
  expect(Object.keys(MANIFEST.routes).sort()).toEqual(['crypt', 'export_all', 'households_page', 'indicators_page',
    'list_import_page', 'lock_screen', 'office', 'overview_counts', 'overview_drafts', 'pin_check', 'pin_set', 'plan_page',
    'report_print_page', 'reports_page', 'sync_page', 'uploader', 'whole_plan', 'worker']);
  for (const files of Object.values(MANIFEST.routes)) expect(files.length).toBeGreaterThan(0);
  for (const f of MANIFEST.first) expect(ALL_CHUNKS).not.toContain(f);
});

// The whole plan (its text, decoder and validator) is not in the start module: Tổng quan reads
// only the plan's start projection (org units, deadlines; `PlanStart`), and the rest comes with
// the first page or count that needs it (context.rs, `ensure_plan`).
test('the start module carries the plan\'s deadlines and org units but not its tasks, indicators or vision; the whole plan\'s chunk does', () => {
  const plan = JSON.parse(readFileSync(join(DIST, '..', 'crates', 'core', 'data', 'plan-konray-2030.json'), 'utf8'));
  const bytes = (files) => files.filter((f) => f.endsWith('.wasm')).map((f) => readFileSync(join(DIST, f)));
  const has = (files, text) => bytes(files).some((b) => b.includes(Buffer.from(text)));
  const start = MANIFEST.first;
  const whole = filesOf('whole_plan');
  for (const text of [plan.tasks[0].text.vi, plan.vision_2045.vi, plan.indicators[0].name.vi]) {
    expect(has(start, text), `start module holds “${text.slice(0, 40)}…”`).toBe(false);
    expect(has(whole, text), `whole plan's chunk holds “${text.slice(0, 40)}…”`).toBe(true);
  }
  expect(has(start, plan.organisation.deadlines[0].title.vi)).toBe(true);
  expect(has(start, plan.org_units[0].name.vi)).toBe(true);
});

test('a cold load of / fetches no lazy chunk; each page fetches its own on the first visit', async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  const server = await serveCopy();
  const requested = recordRequests(page);
  await page.goto(server.url + '/');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Tổng quan');
  await expect(page.getByTestId('online-status')).toHaveText('Trực tuyến');
  await page.waitForLoadState('networkidle');
  for (const f of MANIFEST.first) expect(requested).toContain(f);
  // Only Tổng quan's indicator counts (the engine) and its drafts with errors (validation),
  // with the whole plan they need, fetched after the page shows: the figures say "Đang tính…"
  // and "…" until then (components/overview_indicators.rs, pages/overview.rs).
  const deferred = new Set([...filesOf('overview_counts'), ...filesOf('overview_drafts'), ...filesOf('whole_plan')]);
  expect(requested.filter((f) => ALL_CHUNKS.includes(f) && !deferred.has(f))).toEqual([]);

  for (const p of PAGES) {
    requested.length = 0;
    await page.getByRole('navigation').getByRole('link', { name: p.heading, exact: true }).click();
    await expect(page).toHaveURL(server.url + p.path);
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(p.heading);
    // Its own split module was fetched now (shared chunks may have come with an earlier page).
    const own = filesOf(p.split);
    expect(requested).toContain(own[own.length - 1]);
  }
  await server.stop();
});

test('after one visit online to / every lazy page opens with the network cut', async ({ page, context }) => {
  page.on('pageerror', (e) => { throw e; });
  const server = await serveCopy();
  await page.goto(server.url + '/');
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 });
  await context.setOffline(true);
  await server.stop();

  // Through the navigation (chunks loaded by the running app)…
  for (const p of PAGES) {
    await page.getByRole('navigation').getByRole('link', { name: p.heading, exact: true }).click();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(p.heading);
  }
  // …and as deep links (a fresh start on that page), the print view included.
  for (const p of PAGES) {
    await page.goto(server.url + p.path);
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(p.heading);
  }
  await page.goto(server.url + '/bao-cao/in?bc=00000000-0000-4000-8000-000000000000');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await page.goto(server.url + '/ho-gia-dinh');
  await page.getByTestId('add-household').click();
  await agreeToNotice(page);
  await expect(page).toHaveURL(/\/ho-gia-dinh\?ho=[0-9a-f-]{36}$/);
  await expect(page.getByTestId('add-member')).toBeVisible();
});

test('a chunk that cannot be fetched shows a message, the app goes on, and the next visit loads it', async ({ page, context }) => {
  page.on('pageerror', (e) => { throw e; });
  const server = await serveCopy();
  const own = filesOf('plan_page');
  const blocked = own[own.length - 1];
  let block = true;
  // Blocked for the worker's install too (its precache then fails, so it never answers from a
  // cache in this test), and for the page.
  await context.route(`**/${blocked}`, (r) => (block ? r.abort('internetdisconnected') : r.continue()));
  await page.goto(server.url + '/');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Tổng quan');

  const nav = page.getByRole('navigation');
  await nav.getByRole('link', { name: 'Kế hoạch', exact: true }).click();
  await expect(page.getByTestId('part-not-loaded')).toHaveText(
    'Chưa tải được phần này của ứng dụng (mất mạng?). Hãy thử lại khi có mạng; dữ liệu đã lưu vẫn còn.');
  await nav.getByRole('link', { name: 'Tổng quan', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Tổng quan');

  block = false;
  await nav.getByRole('link', { name: 'Kế hoạch', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Kế hoạch');
  await expect(page.getByTestId('plan-search')).toBeVisible();
  await server.stop();
});
