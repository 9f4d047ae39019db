// Đồng bộ between tablets by file: export → import into a fresh browser gives the same records,
// the same file twice adds nothing, two tablets editing one household show a conflict that a
// person resolves, and bad files are refused in Vietnamese with where, changing nothing.
import { test, expect } from '@playwright/test';
import { H1, H2, firstMemberName, freshPage, seed, stored, records } from './helpers.mjs';

// Exports a file; `saved`: the user then confirms the file was saved (else it stays "made").
async function exportFile(page, { changesOnly = false, readable = false, saved = true } = {}) {
  await page.goto('/dong-bo');
  await page.getByTestId(changesOnly ? 'export-scope-1' : 'export-scope-0').check();
  await page.getByTestId(readable ? 'export-layout-1' : 'export-layout-0').check();
  // These tests read the bundle itself: the plain export, chosen explicitly (crypt.spec covers
  // the encrypted default).
  await page.getByTestId('export-protect-2').check();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-file').click();
  const file = await download;
  const text = await file.createReadStream().then((s) => s.toArray()).then((c) => Buffer.concat(c).toString('utf8'));
  await expect(page.getByTestId('export-done')).toContainText('Đã xuất');
  await expect(page.getByTestId('export-pending')).toContainText('đã được lưu an toàn chưa?');
  if (saved) {
    await page.getByTestId('export-confirm').click();
    await expect(page.getByTestId('export-pending')).toHaveCount(0);
    await expect(page.getByTestId('export-confirmed')).toBeVisible();
  }
  return { name: file.suggestedFilename(), text };
}

async function importFile(page, text, name = 'goi.json') {
  if (!page.url().endsWith('/dong-bo')) await page.goto('/dong-bo');
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

// The rows of the household list (every use has at least one), once drawn.
async function listRows(page) {
  await page.goto('/ho-gia-dinh');
  await expect(page.getByTestId('household-row').first()).toBeVisible();
  return page.getByTestId('household-row').allInnerTexts();
}

async function renameHead(page, id, name) {
  await page.goto(`/ho-gia-dinh?ho=${id}`);
  await (await firstMemberName(page)).fill(name);
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
}

test('export then import into a fresh browser gives identical records, and the indicators follow', async ({ page, browser }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await seed(page, [H1, H2(false)]);
  // A deletion travels too.
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('household-row').filter({ hasText: 'Đinh Văn Tới' }).getByTestId('delete').click();
  await page.getByTestId('confirm-delete').click();
  await expect(page.getByTestId('household-row')).toHaveCount(1);
  const rowsA = await listRows(page);

  await page.goto('/dong-bo');
  const deviceA = await page.getByTestId('device-id').innerText();
  expect(deviceA).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const file = await exportFile(page, { readable: true });
  expect(file.name).toMatch(/^ansinh-kon-ray-\d{8}-\d{4}\.json$/);
  expect(file.text).toContain('\n  "format": "ansinh-bundle"');
  const bundle = JSON.parse(file.text);
  expect(bundle.device_id).toBe(deviceA);
  expect(bundle.households.map((h) => h.members[0].name)).toEqual(['A Hùng']);
  // The shared seeds travel as the complete households they are (a bundle refuses a complete
  // household with an answer missing).
  expect(bundle.households.map((h) => h.completeness)).toEqual(['complete']);
  expect(bundle.tombstones.map((t) => t.id)).toEqual([H2(false).meta.id]);
  await expect(page.getByTestId('unexported')).toHaveText('0');

  const b = await freshPage(browser);
  await b.goto('/dong-bo');
  expect(await b.getByTestId('device-id').innerText()).not.toBe(deviceA);
  await importFile(b, file.text, file.name);
  await expect(b.getByTestId('import-result')).toHaveText('Đã nhập tệp: thêm 2, cập nhật 0, xoá 0, giữ bản trên máy 0, xung đột 0, không đổi 0.');
  expect(await listRows(b)).toEqual(rowsA);
  // What B stored, decoded by B's own export, is what A exported.
  const again = await exportFile(b);
  expect(records(again.text)).toEqual(records(file.text));
  // The indicators are computed from the imported records: #8, 2 of H1's 3 persons insured.
  await b.goto('/chi-tieu');
  const r8 = b.locator('[data-testid="dash-row"][data-id="8"]');
  await expect(r8).toHaveAttribute('data-num', '2');
  await expect(r8).toHaveAttribute('data-den', '3');
  await expect(r8.getByTestId('dash-value')).toHaveText('66,7');
  await b.context().close();
});

test('importing the same file twice adds nothing', async ({ page, browser }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await seed(page, [H1, H2(true)]);
  const file = await exportFile(page);
  const b = await freshPage(browser);
  await importFile(b, file.text);
  await expect(b.getByTestId('import-result')).toContainText('thêm 2,');
  const before = await stored(b);
  const rows = await listRows(b);
  await importFile(b, file.text);
  await expect(b.getByTestId('import-result')).toHaveText('Tệp này đã được nhập trước đây — không có gì thay đổi.');
  expect(await stored(b)).toEqual(before);
  expect(await listRows(b)).toEqual(rows);
  await b.context().close();
});

test('two tablets editing one household make a visible conflict; keeping one ends it', async ({ page, browser }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await seed(page, [H1]);
  const base = await exportFile(page);
  const b = await freshPage(browser);
  await importFile(b, base.text);
  await expect(b.getByTestId('import-result')).toContainText('thêm 1,');

  const id = H1.meta.id;
  await renameHead(page, id, 'Sửa ở máy A');
  await renameHead(b, id, 'Sửa ở máy B');
  const fromA = await exportFile(page, { changesOnly: true });
  const fromB = await exportFile(b, { changesOnly: true });
  // A's delta follows its first export; B never exported, so its delta has no `since`.
  expect(JSON.parse(fromA.text).since).toBeTruthy();
  expect(JSON.parse(fromA.text).households.map((h) => h.members[0].name)).toEqual(['Sửa ở máy A']);
  expect(JSON.parse(fromB.text).since).toBeUndefined();
  expect(JSON.parse(fromB.text).households.map((h) => h.members[0].name)).toEqual(['Sửa ở máy B']);

  await importFile(page, fromB.text);
  await expect(page.getByTestId('import-result')).toContainText('xung đột 1');
  const conflict = page.getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict).toContainText('Sửa ở máy A');
  await expect(conflict).toContainText('Sửa ở máy B');
  await expect(conflict).toContainText('Chủ hộ');
  await expect(conflict).toContainText('Thôn 1');
  await expect(conflict.getByTestId('keep-version')).toHaveCount(2);
  // The list marks it.
  await page.goto('/ho-gia-dinh');
  await expect(page.getByTestId('row-conflict')).toHaveText('Xung đột');

  // Keep A's version: the column whose head is "Sửa ở máy A".
  await page.goto('/dong-bo');
  // The page loads its code on demand (code splitting): wait for the conflict before reading it.
  await expect(conflict.getByTestId('keep-version')).toHaveCount(2);
  const heads = await conflict.locator('tbody tr').first().locator('td').allInnerTexts();
  const index = heads.indexOf('Sửa ở máy A');
  expect(index).toBeGreaterThanOrEqual(0);
  await conflict.getByTestId('keep-version').nth(index).click();
  await expect(page.getByTestId('conflicts')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('conflicts')).toHaveCount(0);
  await page.goto('/ho-gia-dinh');
  await expect(page.getByTestId('row-head')).toHaveText('Sửa ở máy A');
  await expect(page.getByTestId('row-conflict')).toHaveCount(0);

  // The choice travels: B takes it without a conflict.
  const resolved = await exportFile(page, { changesOnly: true });
  await importFile(b, resolved.text);
  await expect(b.getByTestId('import-result')).toContainText('xung đột 0');
  await expect(b.getByTestId('conflicts')).toHaveCount(0);
  await b.goto('/ho-gia-dinh');
  await expect(b.getByTestId('row-head')).toHaveText('Sửa ở máy A');
  await b.context().close();
});

test('bad files are refused with a Vietnamese message saying where, and nothing changes', async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await seed(page, [H1]);
  const good = (await exportFile(page, { readable: true })).text;
  const before = await stored(page);
  const otherPlan = good.replace(/"id": "konray-ldtbxh-2030"/, '"id": "ke-hoach-khac"');
  const badRecord = good.replace('"survey_date": "2026-10-01"', '"survey_date": "01/10/2026"');
  expect(badRecord).not.toBe(good);
  const cases = [
    ['{ "format": "ansinh-bundle", ', 'Tệp không phải JSON hợp lệ tại dòng 1'],
    [JSON.stringify({ format: 'ansinh-store-export', households: [] }), 'Đây không phải gói dữ liệu An Sinh'],
    [otherPlan, 'plan.id: gói thuộc kế hoạch “ke-hoach-khac”'],
    [badRecord, 'households[0].survey_date'],
  ];
  for (const [text, where] of cases) {
    await importFile(page, text);
    const error = page.getByTestId('import-error');
    await expect(error).toContainText(where);
    await expect(error).toContainText('Không có gì thay đổi.');
    expect(await stored(page)).toEqual(before);
  }
  await page.goto('/ho-gia-dinh');
  await expect(page.getByTestId('row-head')).toHaveText('A Hùng');
});

test('a download nobody confirmed is not an export: the next "changes only" file carries everything', async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await seed(page, [H1, H2(false)]);
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('household-row').filter({ hasText: 'Đinh Văn Tới' }).getByTestId('delete').click();
  await page.getByTestId('confirm-delete').click();
  await expect(page.getByTestId('household-row')).toHaveCount(1);
  // The download is cancelled (or the file lost): the user never confirms it.
  const first = await exportFile(page, { changesOnly: true, saved: false });
  await expect(page.getByTestId('unexported')).toHaveText('2');
  await page.reload();
  // Still asked after a reload, and the next delta carries the same records.
  await expect(page.getByTestId('export-pending')).toBeVisible();
  const second = await exportFile(page, { changesOnly: true });
  expect(records(second.text)).toEqual(records(first.text));
  expect(JSON.parse(second.text).tombstones).toHaveLength(1);
  await expect(page.getByTestId('unexported')).toHaveText('0');
  // Nothing changed since the confirmed file: no empty download, a plain answer.
  await page.goto('/dong-bo');
  await page.getByTestId('export-scope-1').check();
  const downloads = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByTestId('export-file').click();
  await expect(page.getByTestId('export-nothing-new')).toHaveText('Không có gì mới để xuất: mọi thay đổi đã nằm trong tệp đã lưu lần trước.');
  await expect(page.getByTestId('export-done')).toHaveCount(0);
  expect(downloads).toHaveLength(0);
});
