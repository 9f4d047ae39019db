// Office figures (số liệu cơ quan): entered per unit and year on a tablet, saved on change,
// bad answers refused next to the field, cross-field checks, and the dashboard uses them.
import { test, expect } from '@playwright/test';

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
