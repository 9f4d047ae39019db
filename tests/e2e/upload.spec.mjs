// Upload once online (issue 6): the outbox sends bundles to a receiver on 127.0.0.1 (started
// by each test, tests/e2e/receiver.mjs) that fails as scripted, and the app marks a bundle sent
// only when the receiver acknowledges its id. Timeout and backoff are shortened through the
// `settings/upload_timing` key so the retries take seconds, not minutes.
import { test, expect } from '@playwright/test';
import { startReceiver } from './receiver.mjs';
import { H1, H2, key, expectTouchSized, firstMemberName, agreeToNotice } from './helpers.mjs';

const URL_KEY = 'ansinh/v1/settings/upload_url';
const TIMING_KEY = 'ansinh/v1/settings/upload_timing';
const FAST = { timeout_ms: 1500, backoff_ms: 300, backoff_max_ms: 1000 };

let receiver;

test.beforeEach(async ({ page }) => {
  receiver = await startReceiver();
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
});

test.afterEach(async () => {
  await receiver.close();
});

/** Seeds households (first storage format) and settings, then starts the app on the Sync page. */
async function open(page, { households = [], url = null, timing = FAST } = {}) {
  await page.evaluate(({ entries, timingKey, timing }) => {
    for (const [k, v] of entries) localStorage.setItem(k, v);
    localStorage.setItem(timingKey, JSON.stringify(timing));
  }, {
    entries: [
      ...households.map((h) => [key(h), JSON.stringify(h)]),
      ...(url ? [[URL_KEY, JSON.stringify(url)]] : []),
    ],
    timingKey: TIMING_KEY,
    timing,
  });
  await page.goto('/dong-bo');
  await expect(page.getByTestId('outbox')).toBeVisible();
}

const sent = (page) => page.getByTestId('outbox-sent');

test('500, a dropped connection and a hang, then success: the bundle arrives and is acknowledged once', async ({ page }) => {
  receiver.script('500', 'drop', 'hang');
  await open(page, { households: [H1, H2(true)] });
  await expect(page.getByTestId('upload-state')).toHaveText('Chưa đặt địa chỉ gửi: dữ liệu chỉ rời máy khi xuất tệp.');
  await expect(page.getByTestId('outbox-waiting')).toHaveText('2');
  await expectTouchSized(page, page.getByTestId('upload-settings').locator('button, input'), 3);

  // A wrong address is refused in Vietnamese and not stored.
  await page.getByTestId('upload-url').fill('ftp://127.0.0.1/nhan');
  await page.getByTestId('upload-url-save').click();
  await expect(page.getByTestId('upload-url-error')).toHaveText('Địa chỉ gửi phải bắt đầu bằng http:// hoặc https://');
  expect(await page.evaluate((k) => localStorage.getItem(k), URL_KEY)).toBeNull();
  expect(receiver.received()).toBe(0);

  await page.getByTestId('upload-url').fill(receiver.url);
  await page.getByTestId('upload-url-save').click();
  await expect(page.getByTestId('upload-url-saved')).toBeVisible();

  // 500 → +0.3 s → drop → +0.6 s → hang (aborted at 1.5 s) → +1 s → acknowledged.
  await expect(sent(page)).toHaveText('1', { timeout: 15_000 });
  await expect(page.getByTestId('outbox-sent-records')).toHaveText('2');
  await expect(page.getByTestId('outbox-pending')).toHaveText('0');
  await expect(page.getByTestId('outbox-failing')).toHaveText('0');
  await expect(page.getByTestId('outbox-waiting')).toHaveText('0');
  const rows = page.getByTestId('outbox-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-status', 'sent');
  await expect(rows.first().getByTestId('outbox-attempts')).toHaveText('4');
  await expect(rows.first()).toContainText('Máy nhận xác nhận lúc');

  expect(receiver.queued()).toBe(0);
  const bundleId = await rows.first().getAttribute('data-bundle');
  // Every attempt carried the same bundle id (header and body); the receiver stored it once.
  for (const p of receiver.posts()) {
    expect(p.bundleId).toBe(bundleId);
    expect(p.header).toBe(bundleId);
  }
  expect(receiver.received()).toBe(4);
  expect(receiver.unique()).toBe(1);
  expect(receiver.recordKeys().sort()).toEqual([`household:${H1.meta.id}`, `household:${H2(true).meta.id}`].sort());
  const [bundle] = receiver.bundles();
  expect(bundle.format).toBe('ansinh-bundle');
  expect(bundle.plan.id).toBe('konray-ldtbxh-2030');

  // The outbox survives a reload as it was; nothing is sent again.
  await page.reload();
  await expect(sent(page)).toHaveText('1');
  await page.waitForTimeout(500);
  expect(receiver.unique()).toBe(1);
  expect(receiver.received()).toBe(receiver.posts().length);
  const entry = await page.evaluate((id) => JSON.parse(localStorage.getItem(`ansinh/v1/outbox/${id}`)), bundleId);
  expect(entry.status.sent.attempts).toBe(4);
  expect(entry.records).toBe(2);
  expect(entry.keys).toBeUndefined();
});

test('an answer without the bundle id is not an acknowledgement; "Gửi ngay" retries at once', async ({ page }) => {
  receiver.script('no-ack');
  await open(page, { households: [H1], url: receiver.url, timing: { timeout_ms: 1500, backoff_ms: 600_000, backoff_max_ms: 600_000 } });
  const row = page.getByTestId('outbox-row');
  await expect(row).toHaveAttribute('data-status', 'failing');
  await expect(row.getByTestId('outbox-detail')).toContainText('Máy nhận trả lời nhưng không xác nhận đã nhận gói này.');
  await expect(row.getByTestId('outbox-detail')).toContainText('Thử lại lúc');
  await expect(page.getByTestId('outbox-failing')).toHaveText('1');
  await expect(sent(page)).toHaveText('0');
  expect(receiver.unique()).toBe(0);

  // The next attempt is 10 minutes away; "Gửi ngay" does not wait for it.
  await page.getByTestId('send-now').click();
  await expect(sent(page)).toHaveText('1');
  await expect(row.getByTestId('outbox-attempts')).toHaveText('2');
  expect(receiver.unique()).toBe(1);
  expect(receiver.received()).toBe(2);
});

test('offline nothing is sent and the changes wait; back online they are sent', async ({ page, context }) => {
  await open(page, { url: receiver.url });
  await expect(page.getByTestId('outbox-waiting')).toHaveText('0');
  // The household page is a lazy chunk (code splitting): offline it comes from the worker's
  // cache, so the worker must have taken over first, as after any first visit.
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 });
  await context.setOffline(true);
  await expect(page.getByTestId('upload-state')).toHaveText('Ngoại tuyến: sẽ tự gửi khi có mạng.');

  // A household added offline (in-app navigation: no network needed).
  await page.getByRole('link', { name: 'Hộ gia đình' }).click();
  await page.getByTestId('add-household').click();
  await agreeToNotice(page);
  await page.getByTestId('add-member').click();
  await page.getByTestId('member-name').first().fill('Y Blưm');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  const id = new URL(page.url()).searchParams.get('ho');
  await page.getByRole('link', { name: 'Đồng bộ' }).click();
  await expect(page.getByTestId('outbox-waiting')).toHaveText('1');
  // Past the after-save delay (3 s): still nothing sent, nothing marked sent.
  await page.waitForTimeout(3500);
  expect(receiver.received()).toBe(0);
  await expect(sent(page)).toHaveText('0');
  await expect(page.getByTestId('outbox-waiting')).toHaveText('1');

  await context.setOffline(false);
  await expect(sent(page)).toHaveText('1');
  await expect(page.getByTestId('outbox-waiting')).toHaveText('0');
  expect(receiver.unique()).toBe(1);
  expect(receiver.recordKeys()).toEqual([`household:${id}`]);
  expect(receiver.bundles()[0].households[0].members[0].name).toBe('Y Blưm');
});

test('a record saved while its bundle is failing goes in the next bundle too, both acknowledged once', async ({ page }) => {
  receiver.script('500');
  await open(page, { households: [H1], url: receiver.url, timing: { timeout_ms: 1500, backoff_ms: 4000, backoff_max_ms: 4000 } });
  await expect(page.getByTestId('outbox-failing')).toHaveText('1');

  // Edit the household while its bundle waits for the retry.
  await page.goto(`/ho-gia-dinh?ho=${H1.meta.id}`);
  await (await firstMemberName(page)).fill('A Hùng (sửa)');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.goto('/dong-bo');

  await expect(sent(page)).toHaveText('2', { timeout: 15_000 });
  await expect(page.getByTestId('outbox-failing')).toHaveText('0');
  await expect(page.getByTestId('outbox-pending')).toHaveText('0');
  await expect(page.getByTestId('outbox-waiting')).toHaveText('0');
  await expect(page.getByTestId('outbox-row')).toHaveCount(2);
  expect(receiver.unique()).toBe(2);
  const ids = receiver.posts().filter((p) => p.behaviour === '200').map((p) => p.bundleId);
  expect(new Set(ids).size).toBe(2);
  // Both bundles carry the household; the later one has the edit for certain.
  expect(receiver.recordKeys()).toEqual([`household:${H1.meta.id}`, `household:${H1.meta.id}`]);
  const names = receiver.bundles().map((b) => b.households[0].members[0].name);
  expect(names[names.length - 1]).toBe('A Hùng (sửa)');
});

test('a busy receiver (503 with Retry-After: 2) is asked again only after the time it gave, then the bundle is sent', async ({ page }) => {
  // The tablet's own backoff after one failure is 0.3 s (FAST): only the header makes it wait 2 s.
  receiver.script('503');
  await open(page, { households: [H1], url: receiver.url });
  const row = page.getByTestId('outbox-row');
  await expect(row).toHaveAttribute('data-status', 'failing');
  await expect(row.getByTestId('outbox-detail')).toContainText('Máy chủ huyện đang bận; máy sẽ tự gửi lại sau.');
  await expect(sent(page)).toHaveText('1', { timeout: 15_000 });
  await expect(row.getByTestId('outbox-attempts')).toHaveText('2');
  const [busy, ok] = receiver.posts();
  expect(busy.behaviour).toBe('503');
  expect(ok.behaviour).toBe('200');
  expect(ok.at - busy.at).toBeGreaterThanOrEqual(1900);
  expect(receiver.received()).toBe(2);
});
