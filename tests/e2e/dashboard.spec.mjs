// The indicator dashboard (Chỉ tiêu): empty state, the in-memory demo, the table for the
// district and a commune, figures checked against an independent sum, exclusions, filters,
// the charts, English, and removing the demo.
import { test, expect } from '@playwright/test';
import { H1, H2, key } from './helpers.mjs';

const VI_WORDS = ['Đạt', 'Chưa đạt', 'Đúng tiến độ', 'Chậm tiến độ', 'Chưa có số liệu', 'Chưa đủ số liệu',
  'Ít số liệu — chỉ tham khảo'];
const EN_WORDS = ['Met', 'Not met', 'On track', 'Behind', 'No data', 'Not enough data',
  'Too few to judge — for reference only'];
// A district sum that only some communes entered reads "k/7 đơn vị đã nhập" (issue #15).
const VI_PARTLY = /^\d+\/\d+ đơn vị đã nhập$/;
const EN_PARTLY = /^\d+\/\d+ units entered$/;

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

async function loadDemo(page) {
  await page.goto('/chi-tieu');
  await page.getByTestId('dash-load-demo').click();
  await expect(page.getByTestId('dash-demo-banner')).toContainText('Đang xem dữ liệu mẫu — không phải số liệu thật');
  await expect(page.getByTestId('dash-row')).toHaveCount(38);
}

const row = (page, id) => page.locator(`[data-testid="dash-row"][data-id="${id}"]`);

test('without data the page says so plainly and how to get some', async ({ page }) => {
  await page.goto('/chi-tieu');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Chỉ tiêu');
  await expect(page.getByTestId('dash-no-data')).toContainText('Chưa có số liệu khảo sát nào');
  await expect(page.getByTestId('dash-load-demo')).toHaveText('Tải dữ liệu mẫu (demo)');
  await expect(page.getByTestId('dash-row')).toHaveCount(0);
  await expect(page.getByTestId('dash-demo-banner')).toHaveCount(0);
});

test('the demo shows all 38 indicators for the district, statuses in words, grouped', { tag: '@layout' }, async ({ page }) => {
  await loadDemo(page);
  const words = await page.getByTestId('dash-row').getByTestId('dash-status').allInnerTexts();
  expect(words).toHaveLength(38);
  for (const w of words) expect(VI_WORDS.includes(w.trim()) || VI_PARTLY.test(w.trim()), w).toBe(true);
  expect(new Set(words).size).toBeGreaterThanOrEqual(2);
  // Grouped as in II.2.1: several tables, each with a heading above it.
  expect(await page.locator('.dash-table').count()).toBeGreaterThanOrEqual(4);
  // Tables have column headers.
  await expect(page.locator('.dash-table').first().locator('th[scope="col"]')).toHaveCount(7);
  // The summary counts the statuses of the same 38 rows.
  const summary = await page.getByTestId('dash-summary').innerText();
  const total = [...summary.matchAll(/: (\d+)/g)].slice(1).reduce((a, m) => a + Number(m[1]), 0);
  expect(total).toBe(38);
});

test('district figures equal the pooled communes, and the value is numerator over denominator', async ({ page }) => {
  await loadDemo(page);
  const r8 = row(page, '8');
  const num = Number(await r8.getAttribute('data-num'));
  const den = Number(await r8.getAttribute('data-den'));
  expect(den).toBeGreaterThan(0);
  // Vietnamese decimal comma, one decimal (the plan's reporting_decimals).
  const expected = (100 * num / den).toFixed(1).replace('.', ',');
  await expect(r8.getByTestId('dash-value')).toHaveText(expected);

  await page.getByTestId('dash-compare-indicator').selectOption('8');
  const bars = page.getByTestId('dash-compare-bar');
  await expect(bars).toHaveCount(7);
  let sumNum = 0, sumDen = 0;
  for (let i = 0; i < 7; i++) {
    sumNum += Number(await bars.nth(i).getAttribute('data-num'));
    sumDen += Number(await bars.nth(i).getAttribute('data-den'));
    await expect(bars.nth(i)).toHaveAttribute('aria-label', /: .+\(.+ \/ .+\)/);
  }
  expect(sumNum).toBe(num);
  expect(sumDen).toBe(den);
  await expect(page.getByTestId('dash-compare')).toHaveAttribute('aria-label', /So sánh/);
  // One year of demo data: the progress chart says what it needs instead of drawing one point.
  await expect(page.getByTestId('dash-progress-none')).toBeVisible();

  // A commune: values change, and its figures are that commune's bar.
  const koi = bars.and(page.locator('[data-org="dak-koi"]'));
  const koiNum = await koi.getAttribute('data-num');
  const koiDen = await koi.getAttribute('data-den');
  await page.getByTestId('dash-org').selectOption('dak-koi');
  await expect(r8).toHaveAttribute('data-den', koiDen);
  await expect(r8).toHaveAttribute('data-num', koiNum);
  expect(Number(koiDen)).toBeLessThan(den);
  await expect(page.getByTestId('dash-row')).toHaveCount(38);
  // A village works too.
  await page.getByTestId('dash-org').selectOption('dak-koi-thon-1');
  expect(Number(await r8.getAttribute('data-den'))).toBeLessThan(Number(koiDen));
});

test('excluded records open as a list with the reasons', async ({ page }) => {
  await loadDemo(page);
  const buttons = page.getByTestId('dash-excluded');
  expect(await buttons.count()).toBeGreaterThan(0);
  const first = buttons.first();
  const n = Number(await first.innerText());
  expect(n).toBeGreaterThan(0);
  const box = await first.boundingBox();
  expect(box.height).toBeGreaterThanOrEqual(44);
  expect(box.width).toBeGreaterThanOrEqual(44);
  await first.click();
  await expect(first).toHaveAttribute('aria-expanded', 'true');
  const list = page.getByTestId('dash-exclusions');
  await expect(list).toBeVisible();
  await expect(list.getByTestId('dash-exclusion')).toHaveCount(Math.min(n, 200));
  const reason = await list.locator('.dash-reason').first().innerText();
  expect(reason.trim().length).toBeGreaterThan(3);
  await page.getByTestId('dash-exclusions-close').click();
  await expect(list).toHaveCount(0);
});

test('filters by status and by lead agency', async ({ page }) => {
  await loadDemo(page);
  const statuses = await page.getByTestId('dash-row').evaluateAll((rs) => rs.map((r) => r.dataset.status));
  const code = statuses.find((s) => s !== 'no_data') ?? statuses[0];
  const expected = statuses.filter((s) => s === code).length;
  await page.getByTestId('dash-status-filter').selectOption(code);
  await expect(page.getByTestId('dash-row')).toHaveCount(expected);
  for (const s of await page.getByTestId('dash-row').evaluateAll((rs) => rs.map((r) => r.dataset.status))) {
    expect(s).toBe(code);
  }
  await page.getByTestId('dash-status-filter').selectOption('');
  await expect(page.getByTestId('dash-row')).toHaveCount(38);

  await page.getByTestId('dash-agency').selectOption({ label: 'TTYT huyện' });
  const n = await page.getByTestId('dash-row').count();
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(38);
  for (let i = 0; i < n; i++) await expect(page.getByTestId('dash-row').nth(i)).toContainText('TTYT huyện');
});

test('English status words, and removing the demo in one step', async ({ page }) => {
  await loadDemo(page);
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText('Indicators');
  await expect(page.getByTestId('dash-demo-banner')).toContainText('Showing sample data — not real figures');
  const words = await page.getByTestId('dash-row').getByTestId('dash-status').allInnerTexts();
  for (const w of words) expect(EN_WORDS.includes(w.trim()) || EN_PARTLY.test(w.trim()), w).toBe(true);
  await page.getByTestId('lang-switch').click();

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await page.getByTestId('dash-clear-demo').click();
  await expect(page.getByTestId('dash-no-data')).toBeVisible();
  await expect(page.getByTestId('dash-row')).toHaveCount(0);
  await expect(page.getByTestId('dash-demo-banner')).toHaveCount(0);
});

// Stored records feed the dashboard: two households written in the first storage format (plain
// JSON, which the app migrates on start), then a change saved by "another tab".
// Hand count for #8 (health insurance, persons insured / all persons): 3 of 5 = 60,0%; after the
// change 4 of 5 = 80,0%.

// H1 and H2 stored, Chỉ tiêu open; returns indicator 8's row.
async function openWithTwoHouseholds(page) {
  await page.goto('/');
  await page.evaluate(([a, b]) => {
    localStorage.setItem(a[0], a[1]);
    localStorage.setItem(b[0], b[1]);
  }, [[key(H1), JSON.stringify(H1)], [key(H2(false)), JSON.stringify(H2(false))]]);
  await page.goto('/chi-tieu');
  return row(page, '8');
}

// Another tab of the same origin saves H2 with its change (one more person insured).
async function saveInAnotherTab(context) {
  const other = await context.newPage();
  await other.goto('/favicon.svg');
  await other.evaluate(([k, v]) => localStorage.setItem(k, v), [key(H2(true)), JSON.stringify(H2(true))]);
}

test('stored households give the hand-computed figures, and a saved change updates them', async ({ page, context }) => {
  const r8 = await openWithTwoHouseholds(page);
  await expect(r8).toHaveAttribute('data-num', '3');
  await expect(r8).toHaveAttribute('data-den', '5');
  await expect(r8.getByTestId('dash-value')).toHaveText('60,0');
  await expect(page.getByTestId('dash-demo-banner')).toHaveCount(0);
  await expect(page.getByTestId('dash-load-demo')).toHaveCount(0);
  // Per commune: the same households, all in Đắk Kôi.
  await page.getByTestId('dash-org').selectOption('dak-koi-thon-2');
  await expect(r8).toHaveAttribute('data-den', '2');
  await expect(r8.getByTestId('dash-value')).toHaveText('50,0');
  await page.getByTestId('dash-org').selectOption('kon-ray');

  // Another tab of the same origin saves a change: the open dashboard recomputes.
  await saveInAnotherTab(context);
  await expect(r8).toHaveAttribute('data-num', '4');
  await expect(r8.getByTestId('dash-value')).toHaveText('80,0');
});

// Issue 22: a new evaluation (a household saved here or in another tab) redraws the rows whose
// figures moved, not the table: on a tablet's CPU, rebuilding every row, chart and heading took
// longer than evaluating the district. Rows that show the same text stay the same elements.
test('a saved change redraws only the rows it moved; the others stay as they were', async ({ page, context }) => {
  const r8 = await openWithTwoHouseholds(page);
  await expect(r8).toHaveAttribute('data-num', '3');
  const before = await page.evaluate(() => {
    window.__rows = new Map();
    for (const tr of document.querySelectorAll('[data-testid="dash-row"]')) {
      window.__rows.set(tr.dataset.id, { node: tr, html: tr.outerHTML });
    }
    window.__tables = [...document.querySelectorAll('table.dash-table')];
    return window.__rows.size;
  });
  expect(before).toBeGreaterThan(30);

  await saveInAnotherTab(context);
  await expect(r8).toHaveAttribute('data-num', '4');
  await expect(r8.getByTestId('dash-value')).toHaveText('80,0');

  const after = await page.evaluate(() => {
    const out = { same: 0, moved: [], rebuiltUnchanged: [], tablesKept: 0 };
    for (const tr of document.querySelectorAll('[data-testid="dash-row"]')) {
      const was = window.__rows.get(tr.dataset.id);
      if (!was) continue;
      if (was.html !== tr.outerHTML) out.moved.push(tr.dataset.id);
      else if (was.node === tr) out.same++;
      else out.rebuiltUnchanged.push(tr.dataset.id);
    }
    out.tablesKept = [...document.querySelectorAll('table.dash-table')].filter((t) => window.__tables.includes(t)).length;
    return out;
  });
  expect(after.moved).toContain('8');
  expect(after.rebuiltUnchanged).toEqual([]);
  expect(after.same).toBe(before - after.moved.length);
  expect(after.tablesKept).toBeGreaterThan(0);
});
