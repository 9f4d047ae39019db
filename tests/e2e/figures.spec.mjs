// Office figures (số liệu cơ quan): entered per unit and year on a tablet, saved on change,
// bad answers refused next to the field, cross-field checks, and the dashboard uses them.
import { test, expect } from '@playwright/test';
import { holdStoreLock } from './helpers.mjs';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

test('an office enters figures; they persist, bad answers are refused, the dashboard uses them', async ({ page }) => {
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('view-figures').click();
  await expect(page.getByTestId('office-figures')).toBeVisible();
  await expect(page.getByTestId('fig-unit')).toHaveValue('kon-ray');
  const year = String(new Date().getFullYear());
  await expect(page.getByTestId('fig-year')).toHaveValue(year);
  await expect(page.getByTestId('fig-doctors')).toHaveAttribute('inputmode', 'numeric');
  await expect(page.getByTestId('fig-life_expectancy_years')).toHaveAttribute('inputmode', 'decimal');

  await page.getByTestId('fig-doctors').fill('12');
  await page.getByTestId('fig-doctors').press('Tab');
  await page.getByTestId('fig-official_population').fill('24000');
  await page.getByTestId('fig-official_population').press('Tab');
  // A yes/no status as large buttons.
  const preschool = page.locator('[data-field="preschool_universalised"]');
  await expect(preschool.locator('label.choice').first()).toHaveText('Có');
  await preschool.getByTestId('fig-choice-0').check();

  // A word where a number belongs: refused next to the field, the saved value kept.
  await page.getByTestId('fig-doctors').fill('bốn');
  await page.getByTestId('fig-doctors').press('Tab');
  const doctorsRow = page.locator('[data-testid="fig-row"][data-field="doctors"]');
  await expect(doctorsRow.getByTestId('fig-problem')).toContainText('không phải là số nguyên');
  // A part larger than its total.
  await page.getByTestId('fig-health_stations_total').fill('3');
  await page.getByTestId('fig-health_stations_total').press('Tab');
  await page.getByTestId('fig-health_stations_sanitation_ok').fill('4');
  await page.getByTestId('fig-health_stations_sanitation_ok').press('Tab');
  await expect(page.locator('[data-field="health_stations_sanitation_ok"]').getByTestId('fig-problem'))
    .toContainText('4 lớn hơn tổng số 3');

  await page.reload();
  await expect(page.getByTestId('fig-doctors')).toHaveValue('12');
  await expect(page.getByTestId('fig-official_population')).toHaveValue('24000');
  await expect(page.locator('[data-field="preschool_universalised"] input[type="radio"]').first()).toBeChecked();

  // Another unit starts empty.
  await page.getByTestId('fig-unit').selectOption('dak-koi');
  await expect(page.getByTestId('fig-doctors')).toHaveValue('');

  // #19 doctors per 10,000 people, district: 12 / 24,000 × 10,000 = 5,0.
  await page.goto('/chi-tieu');
  const r19 = page.locator('[data-testid="dash-row"][data-id="19"]');
  await expect(r19.getByTestId('dash-value')).toHaveText('5,0');
});

// A save waits for the cross-tab lock (another tab writing, a slow tablet). When it lands, what
// the officer is typing meanwhile stays in its field and is saved in turn: before, the landing
// put the stored figures back into every field, and the typing was lost without a word.
test('what is being typed is kept when an earlier answer lands meanwhile', async ({ page, context }) => {
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('view-figures').click();
  await expect(page.getByTestId('office-figures')).toBeVisible();
  // The store's records are compressed: a landed write shows as the next write count.
  const writes = () => page.evaluate(() => Number(localStorage.getItem('ansinh/v1/settings/write_seq') || 0));
  // ... and the page has drawn what followed it (effects run before the next frame).
  const landed = async (before) => {
    await expect.poll(writes).toBeGreaterThan(before);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
  };

  // Another field typed while the answer waits (another tab holds the store's lock).
  const other = await holdStoreLock(context, '/ho-gia-dinh');
  let before = await writes();
  await page.getByTestId('fig-doctors').fill('12');
  await page.getByTestId('fig-doctors').press('Tab');
  await page.getByTestId('fig-official_population').fill('24000');
  await other.release();
  await landed(before);
  await expect(page.getByTestId('fig-official_population')).toHaveValue('24000');
  before = await writes();
  await page.getByTestId('fig-official_population').press('Tab');
  await landed(before);

  // The same field typed again while its first answer waits: the new text stays, and a bad one
  // is refused beside the field.
  await other.hold();
  before = await writes();
  await page.getByTestId('fig-doctors').fill('13');
  await page.getByTestId('fig-doctors').press('Tab');
  await page.getByTestId('fig-doctors').fill('bốn');
  await other.release();
  await landed(before);
  await expect(page.getByTestId('fig-doctors')).toHaveValue('bốn');
  await page.getByTestId('fig-doctors').press('Tab');
  await expect(page.locator('[data-testid="fig-row"][data-field="doctors"]').getByTestId('fig-problem'))
    .toContainText('không phải là số nguyên');

  await page.reload();
  await expect(page.getByTestId('fig-doctors')).toHaveValue('13');
  await expect(page.getByTestId('fig-official_population')).toHaveValue('24000');
});

// The progress table (tiến độ khảo sát): another tab's number for the very village being typed
// in arrives meanwhile. The typing stays in its field, with the focus (the row used to be drawn
// anew, the input with it), and is saved when sent: on one tablet, the last number given wins.
test('the expected households being typed stay when another tab changes the village', async ({ page, context }) => {
  await page.goto('/ho-gia-dinh?xem=tien-do');
  const row = (p) => p.locator('[data-testid="progress-row"][data-village="dak-koi-thon-1"]');
  await expect(row(page).getByTestId('expected')).toHaveValue('');
  const other = await context.newPage();
  await other.goto('/ho-gia-dinh?xem=tien-do');

  await row(page).getByTestId('expected').fill('70');
  await row(other).getByTestId('expected').fill('50');
  await row(other).getByTestId('expected').press('Enter');
  await expect(row(other).getByTestId('percent')).toHaveText('0%');
  // The other tab's save reached this one: the percentage moved, the typing did not.
  await expect(row(page).getByTestId('percent')).toHaveText('0%');
  await expect(row(page).getByTestId('expected')).toHaveValue('70');
  await expect(row(page).getByTestId('expected')).toBeFocused();
  await row(page).getByTestId('expected').press('Enter');
  await expect(row(other).getByTestId('expected')).toHaveValue('70');
  await page.reload();
  await expect(row(page).getByTestId('expected')).toHaveValue('70');
  await expect(page.getByTestId('notice')).toHaveCount(0);
});
