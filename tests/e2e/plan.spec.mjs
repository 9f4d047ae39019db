// The plan page (Kế hoạch) and the overview's deadline, read from the embedded plan data.
import { test, expect } from '@playwright/test';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

test('the plan page shows every indicator and task of the plan', { tag: '@layout' }, async ({ page }) => {
  await page.goto('/ke-hoach');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Kế hoạch');
  await expect(page.getByText('Tầm nhìn đến năm 2045')).toBeVisible();
  await expect(page.getByTestId('plan-indicator')).toHaveCount(38);
  await expect(page.getByTestId('plan-task')).toHaveCount(45);
  const row = page.locator('[data-testid="plan-indicator"][data-id="3"]');
  await expect(row).toContainText('thất nghiệp khu vực thành thị');
  await expect(row).toContainText('1,5–2%');
  await expect(page.locator('[data-testid="plan-indicator"][data-id="19"]')).toContainText('≥ 12 /10.000 dân');
});

test('search works without diacritics and the agency filter narrows the list', async ({ page }) => {
  await page.goto('/ke-hoach');
  await page.getByTestId('plan-search').fill('bao hiem that nghiep');
  await expect(page.locator('[data-testid="plan-indicator"][data-id="6"]')).toBeVisible();
  await expect(page.locator('[data-testid="plan-indicator"][data-id="1"]')).toHaveCount(0);
  const tasks = await page.getByTestId('plan-task').count();
  expect(tasks).toBeGreaterThan(0);
  expect(tasks).toBeLessThan(45);
  await expect(page.getByText('Tầm nhìn đến năm 2045')).toHaveCount(0);

  await page.getByTestId('plan-search').fill('khong co gi nhu vay');
  await expect(page.getByText('Không có chỉ tiêu hay nhiệm vụ nào khớp với tìm kiếm.')).toBeVisible();

  await page.getByTestId('plan-search').fill('');
  await page.getByTestId('plan-agency').selectOption({ label: 'TTYT huyện' });
  const shown = page.getByTestId('plan-indicator');
  const n = await shown.count();
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(38);
  await expect(page.locator('[data-testid="plan-indicator"][data-id="25"]')).toBeVisible();
  for (let i = 0; i < n; i++) await expect(shown.nth(i)).toContainText('TTYT huyện');
});

for (const [now, expected] of [
  ['2026-11-28T10:00:00+07:00', 'trước ngày 05/12/2026 (còn 6 ngày)'],
  ['2026-12-04T10:00:00+07:00', 'trước ngày 05/12/2026 (hạn chót là hôm nay)'],
  ['2026-12-05T10:00:00+07:00', 'trước ngày 05/12/2027 (còn 364 ngày)'],
]) {
  test(`overview counts down to the yearly report on ${now.slice(0, 10)}`, async ({ page }) => {
    await page.clock.setFixedTime(new Date(now));
    await page.goto('/');
    const deadline = page.getByTestId('next-deadline');
    await expect(deadline).toHaveCount(1); // the 15/08/2024 action plan is past
    await expect(deadline).toContainText('Báo cáo hằng năm');
    await expect(deadline).toContainText(expected);
  });
}
