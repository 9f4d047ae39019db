// Báo cáo (yearly reports): a commune report drafted from stored households, its indicator row
// checked against a hand count, finalised (a later household change moves the dashboard but not
// the report), reopened with a reason (kept in the history), the print view's official header
// and table (a screenshot kept as an artefact), and overdue / late deadlines.
import { test, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { H1, H2, key } from './helpers.mjs';

// A fixed day before the 2026 deadline (05/12/2026): "on time", "not yet due" and "overdue"
// depend on the day, and the suite must pass on any day (it failed on the deadline itself).
const DAY = '2026-11-20T09:00:00+07:00';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.clock.setFixedTime(new Date(DAY));
});

// Two households of Đắk Kôi surveyed in 2026 (tests/e2e/helpers.mjs): #8 is 3 of 5 = 60,0 %,
// and 4 of 5 = 80,0 % after H2's head is insured.
const reportRow = (page, id) => page.locator(`[data-testid="report-row"][data-id="${id}"]`);

async function openReport(page, org, year) {
  await page.goto('/bao-cao');
  await page.getByTestId('report-org').selectOption(org);
  await page.getByTestId('report-year').selectOption(String(year));
  await page.getByTestId('report-open').click();
  await expect(page).toHaveURL(/\/bao-cao\?bc=[0-9a-f-]{36}$/);
  await expect(page.getByTestId('report-form')).toBeVisible();
}

test('draft, finalise (figures frozen), reopen with a reason, print view', { tag: '@layout' }, async ({ page, context }) => {
  await page.goto('/');
  await page.evaluate(([a, b]) => {
    localStorage.setItem(a[0], a[1]);
    localStorage.setItem(b[0], b[1]);
  }, [[key(H1), JSON.stringify(H1)], [key(H2(false)), JSON.stringify(H2(false))]]);

  await openReport(page, 'dak-koi', 2026);
  await expect(page.getByTestId('report-issuer')).toHaveValue('ỦY BAN NHÂN DÂN XÃ ĐẮK KÔI');
  await expect(page.getByTestId('report-figures-note')).toContainText('Bản nháp');
  await expect(reportRow(page, '8').getByTestId('report-value')).toHaveText('60,0%');

  // Header and narrative edits are autosaved and survive a reload.
  await page.getByTestId('report-number').fill('15');
  await page.getByTestId('report-difficulties').fill('Thiếu cán bộ <b>chuyên trách</b>.');
  const task = page.getByTestId('report-task').first();
  await task.locator('xpath=ancestor::details').locator('summary').click();
  await task.getByTestId('report-task-status').selectOption({ label: 'Đang triển khai' });
  await task.getByTestId('report-task-narrative').fill('Đã rà soát 2 thôn.');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.reload();
  await expect(page.getByTestId('report-number')).toHaveValue('15');
  await expect(page.getByTestId('report-difficulties')).toHaveValue('Thiếu cán bộ <b>chuyên trách</b>.');
  await expect(page.getByTestId('report-task').first().getByTestId('report-task-narrative')).toHaveValue('Đã rà soát 2 thôn.');

  // Finalising asks who; the figures are frozen and the form is read-only.
  await page.getByTestId('report-finalise').click();
  await expect(page.getByTestId('report-error')).toContainText('Cần ghi tên người thực hiện');
  await page.getByTestId('report-who').fill('Y Nhung');
  await page.getByTestId('report-finalise').click();
  await expect(page.getByTestId('report-read-only')).toBeVisible();
  await expect(page.getByTestId('report-figures-note')).toContainText('Số liệu đã chốt lúc');
  await expect(page.getByTestId('report-figures-note')).toContainText('Y Nhung');
  await expect(page.getByTestId('report-difficulties')).toBeDisabled();
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');

  // Another page of the same origin saves a household change: the dashboard moves, the
  // finalised report does not.
  const other = await context.newPage();
  await other.goto('/favicon.svg');
  await other.evaluate(([k, v]) => localStorage.setItem(k, v), [key(H2(true)), JSON.stringify(H2(true))]);
  const dash = await context.newPage();
  await dash.goto('/chi-tieu');
  await dash.getByTestId('dash-org').selectOption('dak-koi');
  await expect(dash.locator('[data-testid="dash-row"][data-id="8"]').getByTestId('dash-value')).toHaveText('80,0');
  await page.reload();
  await expect(reportRow(page, '8').getByTestId('report-value')).toHaveText('60,0%');

  // Reopening needs a name and a reason, which the history keeps; the table is live again.
  await page.getByTestId('report-who').fill('A Quang');
  await page.getByTestId('report-reopen').click();
  await expect(page.getByTestId('report-error')).toContainText('Cần ghi lý do mở lại báo cáo');
  await page.getByTestId('report-reason').fill('Bổ sung số liệu BHYT');
  await page.getByTestId('report-reopen').click();
  await expect(page.getByTestId('report-finalise')).toBeVisible();
  await expect(reportRow(page, '8').getByTestId('report-value')).toHaveText('80,0%');
  const history = page.getByTestId('report-history-entry');
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText('Y Nhung');
  await expect(history.nth(1)).toContainText('A Quang');
  await expect(history.nth(1)).toContainText('Bổ sung số liệu BHYT');

  // Finalise again (frozen at 80,0 %) and open the print view.
  await page.getByTestId('report-finalise').click();
  await expect(history).toHaveCount(3);
  await page.getByTestId('report-print-link').click();
  await expect(page).toHaveURL(/\/bao-cao\/in\?bc=/);
  const doc = page.getByTestId('report-doc');
  await expect(doc.getByTestId('bc-issuer')).toHaveText('ỦY BAN NHÂN DÂN XÃ ĐẮK KÔI');
  await expect(doc.getByTestId('bc-number')).toHaveText('Số: 15/BC-UBND');
  await expect(doc.getByTestId('bc-nation')).toHaveText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  await expect(doc.getByTestId('bc-motto')).toHaveText('Độc lập - Tự do - Hạnh phúc');
  await expect(doc.getByTestId('bc-place-date')).toContainText('Đắk Kôi, ngày');
  await expect(doc.getByTestId('bc-place-date')).toHaveCSS('font-style', 'italic');
  await expect(doc.getByTestId('bc-subject')).toContainText('năm 2026');
  await expect(doc.getByTestId('report-row')).toHaveCount(38);
  await expect(reportRow(doc, '8').getByTestId('report-value')).toHaveText('80,0%');
  await expect(doc.getByTestId('bc-recipients')).toContainText('Nơi nhận:');
  // Entered text is text: the "<b>" typed above is shown, not interpreted.
  await expect(doc).toContainText('Thiếu cán bộ <b>chuyên trách</b>.');
  await expect(doc.locator('b')).toHaveCount(0);
  expect(await doc.evaluate((el) => getComputedStyle(el).fontFamily)).toContain('Times New Roman');

  // Printing shows the document alone.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-nav')).toBeHidden();
  await expect(page.getByTestId('report-print')).toBeHidden();
  mkdirSync('tests/e2e/artifacts', { recursive: true });
  await page.screenshot({ path: `tests/e2e/artifacts/report-print-${test.info().project.name}.png`, fullPage: true });

  // The district roll-up of 2026: Đắk Kôi reported on time; #8 for the district is every
  // record pooled (4 of 5 = 80,0 %), the same as Đắk Kôi (the only commune with data).
  await page.emulateMedia({ media: 'screen' });
  await page.goto('/bao-cao');
  await page.getByTestId('report-year').selectOption('2026');
  await expect(page.locator('[data-testid="rollup-unit"][data-org="dak-koi"]')).toHaveAttribute('data-status', 'on_time');
  await expect(page.locator('[data-testid="rollup-unit"][data-org="dak-rve"]')).toHaveAttribute('data-status', 'not_yet_due');
  await expect(page.locator('[data-testid="rollup-row"][data-id="8"]').getByTestId('rollup-district')).toHaveText('80,0%');
});

test('an overdue report is red on the overview; finalised after the deadline it is late', async ({ page }) => {
  // The 2025 report was due before 05/12/2025: any draft of it is overdue on DAY.
  await openReport(page, 'dak-koi', 2025);
  await page.goto('/');
  const item = page.locator('[data-testid="overdue-item"][data-org="dak-koi"][data-year="2025"]');
  await expect(item).toContainText('Xã Đắk Kôi');
  await expect(item.locator('strong')).toHaveCSS('color', 'rgb(180, 35, 24)');

  await openReport(page, 'dak-koi', 2025);
  await page.getByTestId('report-who').fill('Y Nhung');
  await page.getByTestId('report-finalise').click();
  // No record at all: the report is almost empty, so finalising asks first (#17).
  await expect(page.getByTestId('report-empty-warning')).toContainText('Chưa có số liệu');
  await page.getByTestId('report-finalise-anyway').click();
  await expect(page.getByTestId('report-read-only')).toBeVisible();
  // Stored before the page is left (the finalisation is written under the cross-tab lock).
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.goto('/bao-cao');
  await expect(page.getByTestId('report-item')).toHaveAttribute('data-status', 'late');
  await page.getByTestId('report-year').selectOption('2025');
  await expect(page.locator('[data-testid="rollup-unit"][data-org="dak-koi"]')).toHaveAttribute('data-status', 'late');
  await expect(page.locator('[data-testid="rollup-unit"][data-org="dak-rve"]')).toHaveAttribute('data-status', 'missing');
  await page.goto('/');
  await expect(page.getByTestId('overdue')).toHaveCount(0);
});

test('a report edit that cannot be written says so, stays in the form, and is written once there is room', async ({ page }) => {
  await openReport(page, 'dak-koi', 2026);
  const status = page.getByTestId('save-status');
  const proposals = page.getByTestId('report-proposals');
  await proposals.fill('Đã lưu trước');
  await expect(status).toContainText('Đã lưu lúc');
  await page.evaluate(() => {
    let size = 1 << 20;
    let i = 0;
    while (size >= 1) {
      try { localStorage.setItem('filler/' + i, 'x'.repeat(size)); i++; } catch { size = Math.floor(size / 2); }
    }
  });
  const long = 'Đề xuất không vừa bộ nhớ. '.repeat(40);
  await proposals.fill(long);
  await expect(status).toContainText('Chưa lưu được', { timeout: 5000 });
  await expect(page.getByTestId('notice')).toContainText('Bộ nhớ của trình duyệt đã đầy');
  await expect(proposals).toHaveValue(long);

  // With room again, the next change writes the whole draft, the refused edit included.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler/')).forEach((k) => localStorage.removeItem(k)));
  await page.getByTestId('report-signer').fill('Y Nhung');
  await expect(status).toContainText('Đã lưu lúc');
  await page.reload();
  await expect(page.getByTestId('report-proposals')).toHaveValue(long);
  await expect(page.getByTestId('report-signer')).toHaveValue('Y Nhung');
});

test('a report edit made just before the page goes away comes back when the report is opened again', async ({ page }) => {
  await openReport(page, 'dak-koi', 2026);
  const proposals = page.getByTestId('report-proposals');
  await proposals.fill('Viết ngay trước khi đóng trang');
  // Left within the autosave's pause: the write cannot finish, the draft is kept instead.
  await page.reload();
  await expect(page.getByTestId('report-form')).toBeVisible();
  await expect(page.getByTestId('report-proposals')).toHaveValue('Viết ngay trước khi đóng trang');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  // Written now: a later visit reads it from the store.
  await page.goto('/bao-cao');
  await openReport(page, 'dak-koi', 2026);
  await expect(page.getByTestId('report-proposals')).toHaveValue('Viết ngay trước khi đóng trang');
});
