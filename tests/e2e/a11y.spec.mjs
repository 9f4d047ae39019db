// Readable by everyone: axe-core over every page of the app (and the household form with a
// member open) finds no serious or critical violation; every control of the household form and
// of Đồng bộ has an accessible name; a skip link leads past the menu; "Về danh sách hộ" is a
// 44 px target.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { H1, H2, key, agreeToNotice } from './helpers.mjs';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await page.evaluate(([a, b]) => {
    localStorage.clear();
    localStorage.setItem(a[0], a[1]);
    localStorage.setItem(b[0], b[1]);
  }, [[key(H1), JSON.stringify(H1)], [key(H2(false)), JSON.stringify(H2(false))]]);
});

/** The serious and critical violations on the page as it is, one line each. */
async function serious(page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const PAGES = [
  ['/', 'overview-indicators'],
  ['/ho-gia-dinh', 'household-row'],
  ['/ho-gia-dinh?xem=tien-do', 'progress-row'],
  ['/ho-gia-dinh?xem=so-lieu', null],
  ['/ho-gia-dinh/nhap', 'list-file-step'],
  ['/chi-tieu', 'dash-row'],
  ['/bao-cao', null],
  ['/bao-cao/in', 'not-found'],
  ['/dong-bo', null],
  ['/ke-hoach', null],
  ['/khong-co', null],
];

// Pages with a known violation not yet fixed (none today; the expected-households inputs, the
// stored-report list and the print page's heading were fixed with #17's integration).
const FIXME = new Set([]);

for (const [path, ready] of PAGES) {
  (FIXME.has(path) ? test.fixme : test)(`axe: no serious or critical violation on ${path}`, { tag: '@layout' }, async ({ page }) => {
    await page.goto(path);
    await expect(page.locator('main h2, main h3').first()).toBeVisible();
    if (ready) await expect(page.getByTestId(ready).first()).toBeVisible();
    expect(await serious(page)).toEqual([]);
  });
}

test('axe: the household form with a member open, and every control named', { tag: '@layout' }, async ({ page }) => {
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('add-household').click();
  await agreeToNotice(page);
  await page.getByTestId('add-head').click();
  await page.keyboard.type('Y Hơn');
  await page.getByTestId('member-sex-1').check();
  await page.getByTestId('member-birth').fill('1990-04-02');
  await page.getByTestId('remove-member').click(); // the confirmation too
  await expect(page.getByTestId('confirm-remove-member')).toBeVisible();
  expect(await serious(page)).toEqual([]);
  // Every radio, input and select of the form: a name, and for a choice, its question.
  const unnamed = await page.getByTestId('household-form').evaluate((form) => {
    const out = [];
    for (const el of form.querySelectorAll('input, select, textarea, button')) {
      const labelled = el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') ||
        (el.tagName === 'BUTTON' && el.textContent.trim());
      if (!labelled) out.push(el.outerHTML.slice(0, 80));
      if (el.type === 'radio' && !el.closest('fieldset')?.querySelector('legend')?.textContent.trim()) {
        out.push(`radio without its question: ${el.name}`);
      }
    }
    return out;
  });
  expect(unnamed).toEqual([]);
  const sexGroup = page.getByRole('group', { name: /Giới tính/ });
  await expect(sexGroup.getByRole('radio', { name: 'Nữ' })).toBeChecked();
  await expect(page.getByRole('textbox', { name: /Họ và tên/ })).toHaveValue('Y Hơn');
  const back = await page.getByRole('link', { name: 'Về danh sách hộ' }).boundingBox();
  expect(back.height).toBeGreaterThanOrEqual(44);
  expect(back.width).toBeGreaterThanOrEqual(44);
});

test('Đồng bộ: every control has an accessible name', async ({ page }) => {
  await page.goto('/dong-bo');
  await expect(page.locator('main h2').first()).toBeVisible();
  const unnamed = await page.locator('main').evaluate((main) => {
    const out = [];
    for (const el of main.querySelectorAll('input, select, textarea')) {
      const named = el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (!named) out.push(el.outerHTML.slice(0, 100));
      if (el.type === 'radio' && !el.closest('fieldset')?.querySelector('legend')?.textContent.trim()) {
        out.push(`radio without its question: ${el.name}`);
      }
    }
    return out;
  });
  expect(unnamed).toEqual([]);
});

test('a skip link is the first stop and leads to the main content', async ({ page }) => {
  await page.goto('/ke-hoach');
  // The page is drawn by the app (its code loads first): a Tab pressed before has nothing to reach.
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Kế hoạch');
  await page.keyboard.press('Tab');
  const skip = page.getByTestId('skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toHaveText('Bỏ qua, đến nội dung chính');
  await expect(skip).toBeInViewport();
  await skip.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
});

test('axe: the notice on personal data processing, the lock settings and the lock screen', { tag: '@layout' }, async ({ page }) => {
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('add-household').click();
  await expect(page.getByTestId('consent-notice')).toBeVisible();
  expect(await serious(page)).toEqual([]);
  await page.getByTestId('consent-agreed').click();
  await page.getByTestId('consent-change').click();
  await page.getByTestId('consent-refused').click();
  await expect(page.getByTestId('consent-answered')).toBeVisible();
  expect(await serious(page)).toEqual([]);

  await page.goto('/dong-bo');
  await page.getByTestId('new-pin').fill('1357');
  await page.getByTestId('new-pin-again').fill('1357');
  await page.getByTestId('set-pin').click();
  await expect(page.getByTestId('recovery-shown')).toBeVisible();
  expect(await serious(page)).toEqual([]);
  await page.getByTestId('lock-now').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await page.getByTestId('forgot-pin').click();
  expect(await serious(page)).toEqual([]);
});
