// Storage as a person on a tablet meets it: autosave that survives an immediate reload, two
// tabs on the same record, delete with undo, a full storage, a damaged entry, the status panel.
import { test, expect } from '@playwright/test';
import { expectTouchSized } from './helpers.mjs';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
});

async function newHousehold(page) {
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('add-household').click();
  await expect(page).toHaveURL(/\/ho-gia-dinh\?ho=[0-9a-f-]{36}$/);
  await page.getByTestId('add-member').click();
  return page.url();
}

test('autosave: typed text is saved within a second, acknowledged, and survives an immediate reload', async ({ page }) => {
  await newHousehold(page);
  const name = page.getByTestId('member-name').first();
  await name.fill('Y Hơn Đắk Kôi');
  await expect(page.getByTestId('save-status')).toHaveText(/^Đã lưu lúc \d{2}:\d{2}:\d{2}$/, { timeout: 1500 });

  // Type again and reload at once, without waiting for the acknowledgement.
  await name.fill('A Thuận');
  await page.reload();
  await expect(page.getByTestId('member-name').first()).toHaveValue('A Thuận');

  await page.getByTestId('commune').selectOption('dak-koi');
  await expect(page.getByTestId('village')).toHaveValue('dak-koi-thon-1');
  await page.reload();
  await expect(page.getByTestId('commune')).toHaveValue('dak-koi');

  await page.getByRole('link', { name: 'Về danh sách hộ' }).click();
  const row = page.getByTestId('household-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('row-head')).toHaveText('A Thuận');
  await expect(row).toContainText('Xã Đắk Kôi');
  await expect(row).toContainText('Nháp');
});

test('two tabs: the second tab learns of the first tab\'s save, in its list and its open form', async ({ page, context }) => {
  const url = await newHousehold(page);
  await page.getByTestId('member-name').first().fill('Tab một');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');

  const other = await context.newPage();
  other.on('pageerror', (e) => { throw e; });
  await other.goto('/ho-gia-dinh');
  await expect(other.getByTestId('household-row')).toHaveCount(1);

  // A household added in the first tab appears in the second tab's list without a reload.
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('add-household').click();
  await expect(other.getByTestId('household-row')).toHaveCount(2);

  // Both tabs open the same record; an edit in one shows in the other, with a notice.
  await page.goto(url);
  await other.goto(url);
  await expect(other.getByTestId('member-name').first()).toHaveValue('Tab một');
  await page.getByTestId('member-name').first().fill('Sửa ở thẻ một');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await expect(other.getByTestId('member-name').first()).toHaveValue('Sửa ở thẻ một');
  await expect(other.getByTestId('save-status')).toContainText('Bản ghi đã được sửa ở thẻ khác');

  // The second tab can go on editing from the newer version; the first learns of it in turn.
  await other.getByTestId('member-name').first().fill('Sửa ở thẻ hai');
  await expect(other.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await expect(page.getByTestId('member-name').first()).toHaveValue('Sửa ở thẻ hai');
});

test('delete asks for confirmation, then can be undone', async ({ page }) => {
  await newHousehold(page);
  await page.getByTestId('member-name').first().fill('Sẽ bị xóa');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('delete').click();
  await expect(page.getByText('Xóa hộ này?')).toBeVisible();
  await page.getByTestId('confirm-delete').click();
  await expect(page.getByTestId('no-households')).toBeVisible();
  const tombstones = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ansinh/v1/tombstone/')));
  expect(tombstones).toHaveLength(1);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('row-head')).toHaveText('Sẽ bị xóa');
  await page.reload();
  await expect(page.getByTestId('row-head')).toHaveText('Sẽ bị xóa');
});

test('a full storage says so in Vietnamese, keeps the last save, and offers to export', async ({ page }) => {
  await newHousehold(page);
  const name = page.getByTestId('member-name').first();
  await name.fill('Đã lưu trước');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.evaluate(() => {
    let size = 1 << 20;
    let i = 0;
    while (size >= 1) {
      try { localStorage.setItem('filler/' + i, 'x'.repeat(size)); i++; } catch { size = Math.floor(size / 2); }
    }
  });
  await name.fill('Thay đổi này không vừa bộ nhớ '.repeat(20));
  await expect(page.getByTestId('save-status')).toContainText('Chưa lưu được', { timeout: 2000 });
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('Bộ nhớ của trình duyệt đã đầy');
  const download = page.waitForEvent('download');
  await notice.getByTestId('notice-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^ansinh-kon-ray-\d{8}-\d{4}\.json$/);
  const exported = JSON.parse(await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')));
  expect(exported.households[0].members[0].name).toBe('Đã lưu trước');

  // The storage is still full: a reload (which tries once more on the way out) finds the last saved state.
  await page.reload();
  await expect(page.getByTestId('member-name').first()).toHaveValue('Đã lưu trước');
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler/')).forEach((k) => localStorage.removeItem(k)));
});

test('a damaged entry does not stop the app; it is listed, exportable as is, and removable', async ({ page }) => {
  await newHousehold(page);
  await page.getByTestId('member-name').first().fill('Còn nguyên');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.evaluate(() => localStorage.setItem('ansinh/v1/household/11111111-1111-4111-8111-111111111111', '{hỏng'));
  await page.goto('/ho-gia-dinh');
  await expect(page.getByTestId('notice')).toContainText('không đọc được');
  await expect(page.getByTestId('row-head')).toHaveText('Còn nguyên');

  await page.getByRole('navigation').getByRole('link', { name: 'Đồng bộ', exact: true }).click();
  const entry = page.getByTestId('bad-entry');
  await expect(entry).toContainText('ansinh/v1/household/11111111-1111-4111-8111-111111111111');
  await expect(entry).toContainText('Bị hỏng');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-raw').click();
  const raw = await (await download).createReadStream().then((s) => s.toArray()).then((c) => Buffer.concat(c).toString('utf8'));
  expect(JSON.parse(raw)[0].raw).toBe('{hỏng');
  await entry.getByRole('button', { name: 'Xóa mục này' }).click();
  await entry.getByRole('button', { name: 'Xóa', exact: true }).click();
  await expect(page.getByTestId('bad-entries')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('ansinh/v1/household/11111111-1111-4111-8111-111111111111'))).toBeNull();
});

test('the sync page shows space used, persistence, unexported records and the warning; export resets the count', async ({ page }) => {
  await newHousehold(page);
  await page.getByTestId('member-name').first().fill('Chưa xuất');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.goto('/dong-bo');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Đồng bộ');
  await expect(page.getByTestId('storage-used')).toContainText(/Đã dùng \d+ KB trên tổng khoảng 10,5 MB \(0%\)/);
  await expect(page.getByTestId('persist')).toContainText(/giữ dữ liệu/);
  await expect(page.getByTestId('unexported')).toHaveText('1');
  await expect(page.getByText('các bản ghi chưa xuất sẽ mất vĩnh viễn')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-now').click();
  await download;
  await expect(page.getByTestId('unexported')).toHaveText('0');
  const targets = page.locator('main button, main select, main input');
  for (let i = 0; i < await targets.count(); i++) {
    const box = await targets.nth(i).boundingBox();
    expect(box.height, `target ${i}`).toBeGreaterThanOrEqual(44);
  }
});

test('form controls are touch-sized and nothing overflows', async ({ page }) => {
  await newHousehold(page);
  await expectTouchSized(page, page.locator('main button, main select, main input'), 8);
});

test('an unsaved edit meeting a newer save from another tab asks, and never overwrites silently', async ({ page, context }) => {
  const url = await newHousehold(page);
  await page.getByTestId('member-name').first().fill('Bản gốc');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  const other = await context.newPage();
  other.on('pageerror', (e) => { throw e; });
  await other.goto(url);
  await expect(other.getByTestId('member-name').first()).toHaveValue('Bản gốc');
  // Hold the second tab's autosave timer, so its edit stays unsaved while the first tab saves.
  await other.evaluate(() => { window.setTimeout = () => 0; });
  await other.getByTestId('member-name').first().fill('Sửa ở thẻ hai, chưa lưu');
  await page.getByTestId('member-name').first().fill('Sửa ở thẻ một, đã lưu');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await expect(other.getByTestId('save-status')).toHaveText('Bản ghi đã được sửa ở thẻ khác.');
  await expect(other.getByTestId('member-name').first()).toHaveValue('Sửa ở thẻ hai, chưa lưu');
  // Nothing was overwritten: the stored record is the first tab's.
  await page.reload();
  await expect(page.getByTestId('member-name').first()).toHaveValue('Sửa ở thẻ một, đã lưu');
  // The user chooses to keep their version: it is saved on purpose, and the first tab learns of it.
  await other.getByRole('button', { name: 'Giữ bản của tôi (ghi đè bản kia)' }).click();
  await expect(other.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await expect(page.getByTestId('member-name').first()).toHaveValue('Sửa ở thẻ hai, chưa lưu');
});
