// Two tablets of Đắk Kôi and the district's app (three browser contexts, each its own storage)
// against the real district hub (`ansinh serve`, tests/e2e/hub.mjs: started by the test on a
// loopback port with a SQLite file in a temp dir). Each tablet enrols with a one-time code,
// pushes its households and pulls the others'; records that came by pull are not sent back; a
// conflict made on both tablets reaches both and the district; the district view lists each
// unit's devices, what they sent and what was refused; a revoked tablet is stopped with a
// Vietnamese message. Every wait is on a condition (no fixed sleeps).
import { test, expect } from '@playwright/test';
import { startHub } from './hub.mjs';
import { H1, H2, key, firstMemberName } from './helpers.mjs';

const URL_KEY = 'ansinh/v1/settings/upload_url';
const TIMING_KEY = 'ansinh/v1/settings/upload_timing';
const FAST = { timeout_ms: 10_000, backoff_ms: 300, backoff_max_ms: 1000 };
const AUTO = 'Tự động gửi khi có thay đổi và có mạng.';

let hub;
const contexts = [];

test.beforeEach(async () => {
  hub = await startHub();
});

test.afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
  await hub.stop();
});

/** A fresh browser profile with the project's tablet settings, households seeded (first storage
 *  format), the hub's address set, other stored `settings` ([key, raw value]), enrolled for
 *  `unit` with a code made by `ansinh serve`. */
async function tablet(browser, unit, label, households = [], settings = []) {
  const u = test.info().project.use;
  const context = await browser.newContext({
    baseURL: u.baseURL, viewport: u.viewport, hasTouch: u.hasTouch, locale: u.locale, timezoneId: u.timezoneId,
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await page.evaluate(({ entries }) => {
    localStorage.clear();
    for (const [k, v] of entries) localStorage.setItem(k, v);
  }, {
    entries: [
      ...households.map((h) => [key(h), JSON.stringify(h)]),
      [URL_KEY, JSON.stringify(hub.url)],
      [TIMING_KEY, JSON.stringify(FAST)],
      ...settings,
    ],
  });
  await page.goto('/dong-bo');
  await expect(page.getByTestId('outbox')).toBeVisible();
  await page.getByTestId('hub-code').fill(hub.code(unit, label));
  await page.getByTestId('hub-enrol').click();
  await expect(page.getByTestId('hub-enrolled')).toBeVisible();
  return page;
}

/** "Gửi ngay" on the Sync page, then waits for the run (push and pull) to end. */
async function syncNow(page) {
  if (!page.url().endsWith('/dong-bo')) {
    await page.goto('/dong-bo');
    await expect(page.getByTestId('outbox')).toBeVisible();
  }
  await expect(page.getByTestId('upload-state')).toHaveText(AUTO);
  await page.getByTestId('send-now').click();
  await expect(page.getByTestId('upload-state')).toHaveText(AUTO);
}

const holds = (page, id) => page.evaluate((k) => localStorage.getItem(k) !== null, `ansinh/v1/household/${id}`);

async function rename(page, id, name) {
  await (await firstMemberName(page)).fill(name);
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
}

test('two tablets and the district converge through the hub; a conflict reaches all three; a revoked tablet is stopped', async ({ browser }) => {
  test.setTimeout(150_000);
  const h2 = H2(false);
  const a = await tablet(browser, 'dak-koi', 'Máy tính bảng 1', [H1]);
  const b = await tablet(browser, 'dak-koi', 'Máy tính bảng 2', [h2]);
  await expect(a.getByTestId('outbox-sent')).toHaveText('1');
  await expect(b.getByTestId('outbox-sent')).toHaveText('1');

  // Each tablet sees the other's household after syncing.
  await syncNow(a);
  await expect.poll(() => holds(a, h2.meta.id)).toBe(true);
  await expect(a.getByTestId('pull-status')).toHaveAttribute('data-state', 'ok');
  await syncNow(b);
  await expect.poll(() => holds(b, H1.meta.id)).toBe(true);
  await expect(b.getByTestId('pull-status')).toHaveAttribute('data-state', 'ok');

  // What came by pull is not sent back: after another run, still one bundle each.
  await syncNow(a);
  await syncNow(b);
  await expect(a.getByTestId('outbox-row')).toHaveCount(1);
  await expect(b.getByTestId('outbox-row')).toHaveCount(1);
  await expect(a.getByTestId('outbox-waiting')).toHaveText('0');

  // The district's app pulls everyone's.
  const d = await tablet(browser, 'kon-ray', 'Máy huyện');
  await expect.poll(() => holds(d, H1.meta.id)).toBe(true);
  await expect.poll(() => holds(d, h2.meta.id)).toBe(true);
  await expect(d.getByTestId('pull-status')).toHaveAttribute('data-state', 'ok');

  // Both tablets edit H1 while offline (neither sees the other's edit first).
  for (const p of [a, b]) await p.goto(`/ho-gia-dinh?ho=${H1.meta.id}`);
  for (const p of [a, b]) await expect(await firstMemberName(p)).toBeVisible();
  await a.context().setOffline(true);
  await b.context().setOffline(true);
  await rename(a, H1.meta.id, 'Sửa ở máy A');
  await rename(b, H1.meta.id, 'Sửa ở máy B');
  await a.context().setOffline(false);
  await a.getByRole('link', { name: 'Đồng bộ' }).click();
  await expect(a.getByTestId('outbox-sent')).toHaveText('2');
  await b.context().setOffline(false);
  await b.getByRole('link', { name: 'Đồng bộ' }).click();
  await expect(b.getByTestId('outbox-sent')).toHaveText('2');
  // B pushed its edit and pulled A's: a conflict, shown as an import shows it.
  await syncNow(b);
  for (const p of [b, a, d]) {
    if (p !== b) await syncNow(p);
    const conflict = p.getByTestId('conflict');
    await expect(conflict).toHaveCount(1);
    await expect(conflict).toContainText('Sửa ở máy A');
    await expect(conflict).toContainText('Sửa ở máy B');
  }
  // The district's last pull (its only one since both edits: no change of its own starts a
  // run) says it brought a conflict. A tablet's own last pull may have come after the one that
  // brought it (a run that answered "nothing new"), so the tablets are checked by their lists.
  await expect(d.getByTestId('pull-result')).toContainText('xung đột');
  // The tablets' recent pulls ("Các lần nhận gần đây", at most 10, local time) hold the one
  // that brought it.
  for (const p of [a, b]) {
    const history = p.getByTestId('pull-history');
    await history.locator('summary').click();
    await expect(history.locator('summary')).toContainText('Các lần nhận gần đây');
    const items = history.getByTestId('pull-history-item');
    expect(await items.count()).toBeGreaterThan(1);
    expect(await items.count()).toBeLessThanOrEqual(10);
    await expect(items.filter({ hasText: 'xung đột' }).first()).toBeVisible();
    await expect(items.first()).toHaveText(/^\d{2}:\d{2}:\d{2} \d{2}\/\d{2}\/\d{4} — /);
  }

  // A household of another commune on tablet A is refused by the hub, naming the record.
  const foreign = structuredClone(H1);
  foreign.meta.id = '33333333-3333-4333-8333-333333333333';
  foreign.commune_id = 'dak-ruong';
  foreign.village_id = 'dak-ruong-thon-1';
  await a.evaluate(([k, v]) => localStorage.setItem(k, v), [key(foreign), JSON.stringify(foreign)]);
  await a.reload();
  const refused = a.locator('[data-testid="outbox-row"][data-status="failing"]');
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText('gói có bản ghi của xã khác');

  // Revoked: B is stopped with a Vietnamese message, its records kept.
  const line = hub.list().split('\n').find((l) => l.includes('Máy tính bảng 2'));
  hub.revoke(line.split(/\s+/)[0]);
  await syncNow(b);
  await expect(b.getByTestId('pull-status')).toHaveAttribute('data-state', 'failed');
  await expect(b.getByTestId('pull-result')).toContainText('đã bị thu hồi quyền');
  // Newest first in the history too, the earlier pulls kept.
  const bItems = b.getByTestId('pull-history').getByTestId('pull-history-item');
  await expect(bItems.first()).toHaveAttribute('data-state', 'failed');
  await expect(bItems.first()).toContainText('đã bị thu hồi quyền');
  await expect(bItems.filter({ hasText: 'xung đột' }).first()).toBeAttached();
  expect(await holds(b, h2.meta.id)).toBe(true);

  // The district view: Đắk Kôi's two devices, their last push and pull, records per day, the
  // refusal with why.
  await d.goto('/dong-bo');
  await d.getByTestId('district-refresh').click();
  const unit = d.locator('[data-testid="district-unit"][data-unit="dak-koi"]');
  await expect(unit.getByTestId('district-device')).toHaveCount(2);
  await expect(unit.getByTestId('district-device').nth(1)).toContainText('Máy tính bảng 2 (đã thu hồi)');
  for (const cell of await unit.getByTestId('district-last-push').all()) await expect(cell).not.toHaveText('—');
  for (const cell of await unit.getByTestId('district-last-pull').all()) await expect(cell).not.toHaveText('—');
  // 1 + 1 households first, then the two edits (B's bundle carried both versions of H1).
  await expect(unit).toContainText('Bản ghi nhận theo ngày:');
  await expect(unit.getByTestId('district-refusal').first()).toContainText('thuộc');
  await expect(unit.getByTestId('district-refusal').first()).toContainText('403');
  await expect(d.locator('[data-testid="district-unit"][data-unit="kon-ray"]').getByTestId('district-device')).toHaveCount(1);
  // A commune's tablet has no district view.
  await expect(a.getByTestId('district-view')).toHaveCount(0);
});

// Two district public keys (`ansinh keys new`; the identities were thrown away: only the
// public halves matter here).
const KEY_A = 'age1nsydfs7lwevddpzmftqzsjy4uv8hvyd2vknpqjjt9feh2tyvnspsjwg0da';
const KEY_B = 'age15a7yhkd36f9egjd865e9jswuaucpzxe3svspkk963pk8twj53c9qxffr6z';
const DISTRICT_KEY = 'ansinh/v1/settings/district_key';

test('the hub hands tablets the district key: taken when a tablet has none, asked about when it differs, a declined key not asked again', async ({ browser }) => {
  test.setTimeout(120_000);
  await hub.stop();
  hub = await startHub({ args: ['--district-key', KEY_B] });

  // A new tablet takes the key at enrolment: its exports are encrypted to it from the start.
  const a = await tablet(browser, 'dak-koi', 'Máy tính bảng 1');
  await expect(a.getByTestId('district-key-current')).toHaveText(KEY_B);
  await expect(a.getByTestId('district-key-offer')).toHaveCount(0);
  expect(await a.evaluate((k) => JSON.parse(localStorage.getItem(k)), DISTRICT_KEY)).toBe(KEY_B);

  // A tablet that has another key keeps it and is asked; the question survives a reload.
  const stored = [[DISTRICT_KEY, JSON.stringify(KEY_A)]];
  const b = await tablet(browser, 'dak-koi', 'Máy tính bảng 2', [], stored);
  await expect(b.getByTestId('district-key-offer')).toContainText(KEY_B);
  await expect(b.getByTestId('district-key-current')).toHaveText(KEY_A);
  await b.reload();
  await expect(b.getByTestId('outbox')).toBeVisible();
  await expect(b.getByTestId('district-key-offer')).toContainText(KEY_B);
  await expect(b.getByTestId('district-key-current')).toHaveText(KEY_A);
  // Keeping the old key is remembered: the next pull announces the same key and nothing is asked.
  await b.getByTestId('district-key-keep').click();
  await expect(b.getByTestId('district-key-offer')).toHaveCount(0);
  await expect(b.getByTestId('district-key-status')).toHaveText('Đã giữ khóa cũ.');
  await syncNow(b);
  await expect(b.getByTestId('pull-status')).toHaveAttribute('data-state', 'ok');
  await expect(b.getByTestId('district-key-offer')).toHaveCount(0);
  await expect(b.getByTestId('district-key-current')).toHaveText(KEY_A);

  // Taking the new key replaces the stored one.
  const c = await tablet(browser, 'dak-koi', 'Máy tính bảng 3', [], stored);
  await c.getByTestId('district-key-take').click();
  await expect(c.getByTestId('district-key-current')).toHaveText(KEY_B);
  await expect(c.getByTestId('district-key-offer')).toHaveCount(0);
  expect(await c.evaluate((k) => JSON.parse(localStorage.getItem(k)), DISTRICT_KEY)).toBe(KEY_B);
});
