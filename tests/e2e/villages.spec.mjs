// Villages are real data (issue #15): with the network cut, a commune's official adds a village
// and renames a placeholder on "Danh sách thôn", marks one "không còn sử dụng", and surveys a
// household in the new village (the form offers the real list, not the retired one); a file
// whose household is in a village no list knows is imported and said so, in the import result,
// the household list and the form.
import { test, expect } from '@playwright/test';
import { H1, agreeToNotice } from './helpers.mjs';

const stored = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('ansinh/')).map((k) => [k, localStorage.getItem(k)])));

async function offline(page, context) {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 });
  await context.setOffline(true);
}

const row = (page, village) => page.locator(`[data-testid="village-row"][data-village="${village}"]`);

test('a commune adds, renames and retires villages offline, and a household goes in the new one', async ({ page, context }) => {
  await offline(page, context);
  await page.goto('/ho-gia-dinh?xem=thon');
  await expect(page.getByTestId('village-list')).toBeVisible();
  await page.getByTestId('village-commune').selectOption('dak-koi');
  await expect(page.getByTestId('village-row')).toHaveCount(7);

  // Add a làng.
  await page.getByTestId('new-village-kind').selectOption('lang');
  await page.getByTestId('new-village-name').fill('Làng Kon Gu');
  await page.getByTestId('add-village').click();
  await expect(page.getByTestId('village-saved')).toBeVisible();
  await expect(page.getByTestId('village-row')).toHaveCount(8);
  const added = page.getByTestId('village-row').nth(7);
  await expect(added.getByTestId('village-name')).toHaveValue('Làng Kon Gu');
  const newId = await added.getAttribute('data-village');
  expect(newId).toMatch(/^dak-koi-[0-9a-f]{12}$/);

  // Rename Thôn 3 (its id stays), retire Thôn 4.
  await row(page, 'dak-koi-thon-3').getByTestId('village-name').fill('Thôn Kon Rẫy');
  await row(page, 'dak-koi-thon-3').getByTestId('rename-village').click();
  await expect(row(page, 'dak-koi-thon-3').getByTestId('village-name')).toHaveValue('Thôn Kon Rẫy');
  await row(page, 'dak-koi-thon-4').getByTestId('retire-village').click();
  await expect(row(page, 'dak-koi-thon-4').getByTestId('village-status')).toContainText('không còn sử dụng');
  const keys = Object.keys(await stored(page)).filter((k) => k.startsWith('ansinh/v1/village/'));
  expect(keys).toHaveLength(3);
  // Saved, not only typed: after a reload the new name and the retirement are still there.
  await page.reload();
  await page.getByTestId('village-commune').selectOption('dak-koi');
  await expect(row(page, 'dak-koi-thon-3').getByTestId('village-name')).toHaveValue('Thôn Kon Rẫy');
  await expect(row(page, 'dak-koi-thon-4').getByTestId('village-status')).toContainText('không còn sử dụng');

  // A new household: the form offers the real list of Đắk Kôi, without the retired village.
  await page.getByTestId('view-list').click();
  await page.getByTestId('add-household').click();
  await agreeToNotice(page);
  await page.getByTestId('commune').selectOption('dak-koi');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  const options = await page.getByTestId('village').locator('option').allInnerTexts();
  expect(options).toContain('Làng Kon Gu');
  expect(options).toContain('Thôn Kon Rẫy');
  expect(options).not.toContain('Thôn 3');
  expect(options.some((o) => o.startsWith('Thôn 4'))).toBe(false);
  await page.getByTestId('village').selectOption(newId);
  // Autosave waits for a pause in typing (under a second) before it writes: the change shows
  // "Đang lưu…" at once, then "Đã lưu lúc …" once written — conditions, not a fixed wait.
  await expect(page.getByTestId('save-status')).toHaveText('Đang lưu…');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  const households = Object.entries(await stored(page)).filter(([k]) => k.startsWith('ansinh/v1/household/'));
  expect(households).toHaveLength(1);

  // The list and its village filter use the same names.
  await page.goto('/ho-gia-dinh');
  await expect(page.getByTestId('row-village')).toHaveText(['Làng Kon Gu']);
  await page.getByTestId('filter-commune').selectOption('dak-koi');
  const filter = await page.getByTestId('filter-village').locator('option').allInnerTexts();
  expect(filter).toContain('Làng Kon Gu');
  expect(filter).toContain('Thôn 4 (không còn sử dụng)');

  // Still there after a reload (stored, not only in memory).
  await page.reload();
  await expect(page.getByTestId('row-village')).toHaveText(['Làng Kon Gu']);
});

test('an imported household whose village is unknown is shown as such', async ({ page, context }) => {
  await offline(page, context);
  const h = structuredClone(H1);
  h.village_id = 'dak-koi-thon-99';
  const bundle = {
    format: 'ansinh-bundle', format_version: 1, bundle_id: '7d1c2a3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    plan: { id: 'konray-ldtbxh-2030', version: '2024.1' }, device_id: 'tablet-dak-koi-09',
    exported_at: '2026-10-02T09:30:00Z', org_unit: 'dak-koi',
    households: [h], figures: [], reports: [], tombstones: [],
  };
  await page.goto('/dong-bo');
  await page.getByTestId('import-file').setInputFiles({ name: 'goi.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bundle)) });
  await expect(page.getByTestId('import-result')).toContainText('thêm 1');
  await expect(page.getByTestId('import-unknown-villages')).toContainText('1 phiếu hộ có thôn chưa có trong danh sách: dak-koi-thon-99');

  await page.goto('/ho-gia-dinh');
  await expect(page.getByTestId('row-village')).toHaveText(['Thôn chưa có trong danh sách (dak-koi-thon-99)']);
  await page.goto(`/ho-gia-dinh?ho=${h.meta.id}`);
  const selected = page.getByTestId('village').locator('option:checked');
  await expect(selected).toHaveText('Thôn chưa có trong danh sách (dak-koi-thon-99)');
});
