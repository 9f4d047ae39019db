// The app shell as a person on a tablet meets it: open, navigate, switch language, reload.
import { test, expect } from '@playwright/test';
import { expectTouchSized } from './helpers.mjs';

const NAV = [
  ['Tổng quan', 'Overview', '/'],
  ['Hộ gia đình', 'Households', '/ho-gia-dinh'],
  ['Chỉ tiêu', 'Indicators', '/chi-tieu'],
  ['Báo cáo', 'Reports', '/bao-cao'],
  ['Đồng bộ', 'Sync', '/dong-bo'],
  ['Kế hoạch', 'Plan', '/ke-hoach'],
];

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

test('opens in Vietnamese with the app name and every page in the navigation', { tag: '@layout' }, async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('app-name')).toHaveText('An Sinh — Kế hoạch chính sách xã hội huyện Kon Rẫy');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  const nav = page.getByRole('navigation');
  for (const [vi] of NAV) {
    await expect(nav.getByRole('link', { name: vi, exact: true })).toBeVisible();
  }
});

test('navigates to every page; a deep link works on first load', async ({ page }) => {
  await page.goto('/');
  for (const [vi, , path] of NAV.slice(1)) {
    await page.getByRole('navigation').getByRole('link', { name: vi, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(vi);
    await expect(page.getByRole('link', { name: vi, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  // A deep link works on first load too (the server falls back to the app shell).
  await page.goto('/bao-cao');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Báo cáo');
  await expect(page.getByTestId('report-open')).toBeVisible();
});

test('unknown address shows a plain not-found page with a way back', async ({ page }) => {
  await page.goto('/khong-co-trang-nay');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Không tìm thấy trang');
  await page.getByRole('link', { name: 'Về trang Tổng quan' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('switches to English, and the choice survives a reload', async ({ page }) => {
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('app-name')).toHaveText('An Sinh — Kon Rẫy district social policy plan');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Households');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(await page.evaluate(() => localStorage.getItem('ansinh/v1/settings/lang'))).toBe('"en"');

  await page.reload();
  await expect(page.getByTestId('app-name')).toHaveText('An Sinh — Kon Rẫy district social policy plan');
  for (const [, en] of NAV) {
    await expect(page.getByRole('navigation').getByRole('link', { name: en, exact: true })).toBeVisible();
  }
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Hộ gia đình');
  await page.reload();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Hộ gia đình');
});

test('touch targets are at least 44 px and nothing overflows the viewport', { tag: '@layout' }, async ({ page }) => {
  await page.goto('/');
  await expectTouchSized(page, page.locator('nav a:visible, header button:visible'), 7);
});

test('a corrupt language setting does not stop the app', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('ansinh/v1/settings/lang', '{broken'));
  await page.reload();
  await expect(page.getByTestId('app-name')).toHaveText('An Sinh — Kế hoạch chính sách xã hội huyện Kon Rẫy');
  await expect(page.getByTestId('notice')).toContainText('bị hỏng');
});
