// Helpers shared by the end-to-end specs: seeded households in the first storage format (plain
// JSON, which the app migrates on start), the tablet checks every page must pass, and the steps
// several specs take alike.
import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';

// Two complete households of Đắk Kôi surveyed on 2026-10-01, every required answer given: a
// bundle carries them as they are. crates/core/tests/e2e_seeds.rs checks them with the app's
// own validation (and the #8 counts below with the engine), so a seed that is not a valid
// complete household fails the native tests.
const SEEDS = JSON.parse(readFileSync(new URL('./seeds.json', import.meta.url), 'utf8'));

// Hand count for #8 (health insurance, persons insured / all persons) over H1 and H2(false):
// H1 has A Hùng and Y Lan insured, A Nam not (2 of 3); H2(false) has Y Hoa insured, its head
// not (1 of 2); together 3 of 5 = 60,0 %. With H2(true), 4 of 5 = 80,0 %. H2 alone (Đắk Kôi
// thôn 2): 1 of 2 = 50,0 %; H1 alone: 2 of 3 = 66,7 %.
export const H1 = structuredClone(SEEDS.H1);
// H2 with its head (Đinh Văn Tới) insured or not; a fresh copy each call.
export const H2 = (insured) => {
  const h = structuredClone(SEEDS.H2);
  h.members[0].health_insurance = insured;
  return h;
};
export const key = (h) => `ansinh/v1/household/${h.meta.id}`;

// Every control in `targets` is at least 44 × 44 px, there are at least `min` of them, and the
// page does not scroll sideways.
export async function expectTouchSized(page, targets, min) {
  const n = await targets.count();
  expect(n).toBeGreaterThanOrEqual(min);
  for (let i = 0; i < n; i++) {
    const box = await targets.nth(i).boundingBox();
    expect(box.height, `target ${i} height`).toBeGreaterThanOrEqual(44);
    expect(box.width, `target ${i} width`).toBeGreaterThanOrEqual(44);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The first member's name field on the household form, its card opened first: a member whose
 *  answers are all given starts folded (issue #17's member cards). */
export async function firstMemberName(page) {
  const toggle = page.getByTestId('member-toggle').first();
  await expect(toggle).toBeVisible();
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  return page.getByTestId('member-name').first();
}

/** Reads the notice on personal data processing and records "Đồng ý" on a household form just
 *  opened (issue #19): no survey question shows before it. */
export async function agreeToNotice(page) {
  await expect(page.getByTestId('consent-notice')).toBeVisible();
  await page.getByTestId('consent-agreed').click();
  await expect(page.getByTestId('consent-answered')).toBeVisible();
}

/** Opens another tab of the app at `path` that takes the cross-tab store lock (`ansinh/v1/store`,
 *  scripts/storage/lock.js), as another tab writing or a slow tablet would: every save waits
 *  until `release()`; `hold()` takes the lock again after a release. */
export async function holdStoreLock(context, path = '/') {
  const page = await context.newPage();
  await page.goto(path);
  const hold = () => page.evaluate(() => new Promise((held) => {
    navigator.locks.request('ansinh/v1/store', () => new Promise((release) => {
      window.releaseStore = release;
      held();
    }));
  }));
  await hold();
  return { page, hold, release: () => page.evaluate(() => window.releaseStore()) };
}

// A fresh browser profile (its own localStorage) with the project's tablet settings.
export async function freshPage(browser) {
  const u = test.info().project.use;
  const context = await browser.newContext({
    baseURL: u.baseURL, viewport: u.viewport, hasTouch: u.hasTouch, locale: u.locale, timezoneId: u.timezoneId,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  return page;
}

// Stores households in the first storage format (migrated by the app at start), in place of
// everything stored, and reloads.
export async function seed(page, households) {
  await page.evaluate((entries) => {
    localStorage.clear();
    for (const [k, v] of entries) localStorage.setItem(k, v);
  }, households.map((h) => [key(h), JSON.stringify(h)]));
  await page.reload();
}

// Every entry of the app but the cross-tab lock's write count (scripts/storage/lock.js), which
// each locked attempt moves, whether it changed anything or not.
export const stored = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('ansinh/') && !k.startsWith('ansinh/v1/settings/write_')).map((k) => [k, localStorage.getItem(k)])));

// The records of a bundle, without what differs between two exports (header, lineage order).
export const records = (text) => {
  const b = JSON.parse(text);
  const byId = (xs) => [...xs].sort((a, c) => JSON.stringify(a).localeCompare(JSON.stringify(c)));
  return { households: byId(b.households), figures: byId(b.figures), reports: byId(b.reports), tombstones: byId(b.tombstones) };
};

// Opens a new household on the list page and agrees to the notice: its form, with no member.
export async function newHousehold(page) {
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('add-household').click();
  await agreeToNotice(page);
  await expect(page).toHaveURL(/\/ho-gia-dinh\?ho=[0-9a-f-]{36}$/);
}

// The form says its last write landed.
export const saved = (page) => expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
