// Storage as a person on a tablet meets it: autosave that survives an immediate reload, two
// tabs on the same record, delete with undo, a full storage, a damaged entry, the status panel.
import { test, expect } from '@playwright/test';
import { expectTouchSized, agreeToNotice, holdStoreLock } from './helpers.mjs';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
});

async function newHousehold(page) {
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('add-household').click();
  await agreeToNotice(page);
  await expect(page).toHaveURL(/\/ho-gia-dinh\?ho=[0-9a-f-]{36}$/);
  await page.getByTestId('add-member').click();
  return page.url();
}

test('autosave: typed text is saved within a second, acknowledged, and survives an immediate reload', async ({ page }) => {
  await newHousehold(page);
  const name = page.getByTestId('member-name').first();
  await name.fill('Y Hơn Đắk Kôi');
  // Written 400 ms after the last keystroke (DEBOUNCE_MS); the room above that is for a loaded
  // 2-core machine, where the page itself may wait seconds for the CPU.
  await expect(page.getByTestId('save-status')).toHaveText(/^Đã lưu lúc \d{2}:\d{2}:\d{2}$/, { timeout: 5000 });

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
  await agreeToNotice(page);
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
  await expect(page.getByTestId('save-status')).toContainText('Chưa lưu được', { timeout: 5000 });
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('Bộ nhớ của trình duyệt đã đầy');
  const download = page.waitForEvent('download');
  await notice.getByTestId('notice-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^ansinh-kon-ray-\d{8}-\d{4}\.json$/);
  const exported = JSON.parse(await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')));
  expect(exported.households[0].members[0].name).toBe('Đã lưu trước');

  // The change that did not fit is not lost: leaving the form asks first, and a reload
  // (storage still full) brings it back from the reserved space, unsaved, while the record
  // stored is still the last saved one.
  page.once('dialog', (d) => { expect(d.message()).toContain('chưa lưu được'); d.dismiss(); });
  await page.getByRole('link', { name: 'Về danh sách hộ' }).click();
  await expect(page.getByTestId('household-form')).toBeVisible();
  // Closing or reloading asks too (the browser's own question); the user goes on.
  page.once('dialog', (d) => { expect(d.type()).toBe('beforeunload'); d.accept(); });
  await page.reload();
  await expect(page.getByTestId('member-name').first()).toHaveValue('Thay đổi này không vừa bộ nhớ '.repeat(20));
  await expect(page.getByTestId('notice').filter({ hasText: 'Đã khôi phục thay đổi chưa lưu' })).toBeVisible();
  // Space is freed: the kept change is saved.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler/')).forEach((k) => localStorage.removeItem(k)));
  await page.getByTestId('member-name').first().press('End');
  await page.getByTestId('member-name').first().type('!');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.reload();
  await expect(page.getByTestId('member-name').first()).toHaveValue('Thay đổi này không vừa bộ nhớ '.repeat(20) + '!');
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
  // Made, not delivered: the count moves only when the user confirms the file was saved.
  await expect(page.getByTestId('export-pending')).toBeVisible();
  await expect(page.getByTestId('unexported')).toHaveText('1');
  await page.getByTestId('export-confirm').click();
  await expect(page.getByTestId('unexported')).toHaveText('0');
  const targets = page.locator('main button, main select, main input');
  for (let i = 0; i < await targets.count(); i++) {
    const box = await targets.nth(i).boundingBox();
    expect(box.height, `target ${i}`).toBeGreaterThanOrEqual(44);
  }
});

test('form controls are touch-sized and nothing overflows', { tag: '@layout' }, async ({ page }) => {
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

// Two tabs on one household, one typing the income and the other the deaths, saving within the
// same few milliseconds, round after round. Every save goes through the cross-tab lock
// (scripts/storage/lock.js): one tab wins, the other is told of the conflict (never "Đã lưu"
// for a value that was overwritten), keeps its edit until it chooses, and after it reloads
// and types again, both tabs show both values. Without the lock the two tabs write the same
// revision and one field is lost silently: both tabs then disagree and the round fails.
// A save taken before the user settled a conflict, still waiting for the cross-tab lock (another
// tab writing, a slow tablet), must not land over the choice: it conflicted again and swallowed
// the save that followed, so "Tải bản mới" then typing showed the conflict again and nothing
// was written (storage.spec's race below met it now and then).
test('a save waiting for the lock when the user loads the newer version is dropped, and the next save lands', async ({ page, context }) => {
  const url = await newHousehold(page);
  await page.getByTestId('member-name').first().fill('Hộ chờ khoá');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  const other = await context.newPage();
  other.on('pageerror', (e) => { throw e; });
  await other.goto(url);
  await expect(other.getByTestId('member-name').first()).toHaveValue('Hộ chờ khoá');
  const saveNow = (p) => p.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
  // This tab has an edit; the other tab saves first: a conflict here.
  await page.getByTestId('income').fill('111');
  await other.getByTestId('deaths').fill('2');
  await saveNow(other);
  await expect(other.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await expect(page.getByTestId('save-status')).toHaveText('Bản ghi đã được sửa ở thẻ khác.');
  // A third tab holds the store's lock: this tab's save of its edit waits.
  const holder = await holdStoreLock(context);
  await saveNow(page);
  // Meanwhile the user takes the newer version and types again.
  await page.getByRole('button', { name: 'Tải bản mới (bỏ thay đổi của tôi)' }).click();
  await expect(page.getByTestId('deaths')).toHaveValue('2');
  await page.getByTestId('income').fill('222');
  await saveNow(page);
  await holder.release();
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await expect(other.getByTestId('income')).toHaveValue('222');
  await expect(other.getByTestId('deaths')).toHaveValue('2');
  await page.reload();
  await expect(page.getByTestId('income')).toHaveValue('222');
  await expect(page.getByTestId('deaths')).toHaveValue('2');
});

test('two tabs saving the same household at the same moment lose no field', async ({ page, context }) => {
  const rounds = Number(process.env.RACE_ROUNDS || 200);
  test.setTimeout(60_000 + rounds * 2_000);
  const url = await newHousehold(page);
  await page.getByTestId('member-name').first().fill('Hộ thử chạy đua');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  const other = await context.newPage();
  other.on('pageerror', (e) => { throw e; });
  await other.goto(url);
  await expect(other.getByTestId('member-name').first()).toHaveValue('Hộ thử chạy đua');
  const tabs = [
    { page, field: 'income', value: (i) => String(100 + i) }, // below 1000: no thousands separator
    { page: other, field: 'deaths', value: (i) => String(i % 7) },
  ];
  // Saves at once, as leaving the page does (no debounce): the two writes meet.
  const saveNow = (p) => p.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
  const settled = /Đã lưu lúc|Đã tải bản mới|sửa ở thẻ khác/;
  let conflicts = 0;
  for (let i = 0; i < rounds; i++) {
    await Promise.all(tabs.map((t) => t.page.getByTestId(t.field).fill(t.value(i))));
    await Promise.all(tabs.map((t) => saveNow(t.page)));
    for (const t of tabs) await expect(t.page.getByTestId('save-status')).toHaveText(settled);
    for (const t of tabs) {
      if ((await t.page.getByTestId('save-status').textContent()) !== 'Bản ghi đã được sửa ở thẻ khác.') continue;
      conflicts++;
      // The losing tab still shows its own edit until the user chooses.
      await expect(t.page.getByTestId(t.field)).toHaveValue(t.value(i));
      await t.page.getByRole('button', { name: 'Tải bản mới (bỏ thay đổi của tôi)' }).click();
      await t.page.getByTestId(t.field).fill(t.value(i));
      await saveNow(t.page);
      await expect(t.page.getByTestId('save-status')).toContainText('Đã lưu lúc');
    }
    // Both tabs come to the same record, with both fields.
    for (const t of tabs) {
      for (const f of tabs) await expect(t.page.getByTestId(f.field), `round ${i}`).toHaveValue(f.value(i));
    }
  }
  // The rounds really raced: most of them ended in a conflict that one tab was told of.
  expect(conflicts).toBeGreaterThan(rounds / 4);
  await page.reload();
  await expect(page.getByTestId('income')).toHaveValue(String(100 + rounds - 1));
  await expect(page.getByTestId('deaths')).toHaveValue(String((rounds - 1) % 7));
});

// Issue 22: a write is acknowledged once it is in local storage, not after the write's count
// reaches IndexedDB (a tablet's IndexedDB commit came before every "Đã lưu"); the lock is held
// until the count is there, so the next holder still waits for it. Here the count's IndexedDB
// write is held back by a transaction the test keeps open on the same store.
test('a locked write is acknowledged before its count reaches IndexedDB, which still gets it', async ({ page }) => {
  await page.goto('/');
  const r = await page.evaluate(async () => {
    const db = await new Promise((res, rej) => {
      const q = indexedDB.open('ansinh-lock', 1);
      q.onupgradeneeded = () => q.result.createObjectStore('seq');
      q.onsuccess = () => res(q.result);
      q.onerror = () => rej(q.error);
    });
    let holding = true;
    // A read-write transaction kept busy: IndexedDB runs the lock's count write after it.
    const hold = () => new Promise((done) => {
      const t = db.transaction('seq', 'readwrite');
      const st = t.objectStore('seq');
      const spin = () => { if (holding) st.get('x').onsuccess = spin; };
      spin();
      t.oncomplete = done;
    });
    let held = null;
    const result = await Promise.race([
      window.ansinhStore.exclusive(() => {
        held = hold();
        localStorage.setItem('ansinh/v1/settings/test_probe', 'written');
        return 'written';
      }),
      new Promise((res) => setTimeout(() => res('not acknowledged in 3 s'), 3000)),
    ]);
    const lockHeld = (await navigator.locks.query()).held.some((l) => l.name === 'ansinh/v1/store');
    const localSeq = Number(localStorage.getItem('ansinh/v1/settings/write_seq'));
    holding = false;
    await held;
    // The next holder waits for the lock, which comes free once the count is written.
    await window.ansinhStore.exclusive(() => null);
    const stored = await new Promise((res) => {
      const q = db.transaction('seq').objectStore('seq').get('ansinh/v1/settings/write_seq');
      q.onsuccess = () => res(Number(q.result));
    });
    db.close();
    return { result, lockHeld, localSeq, stored };
  });
  expect(r.result).toBe('written');
  expect(r.lockHeld).toBe(true);
  expect(r.localSeq).toBeGreaterThan(0);
  // The first write's count and the probe's after it.
  expect(r.stored).toBe(r.localSeq + 1);
});
