// Helpers shared by the end-to-end specs: seeded households in the first storage format (plain
// JSON, which the app migrates on start) and the tablet checks every page must pass.
import { expect } from '@playwright/test';

// A household of Đắk Kôi surveyed on 2026-10-01; members are
// [id, name, sex, date of birth, relation, health insurance].
export function household(id, village, members) {
  return {
    meta: { id, created_at: '2026-10-01T02:00:00Z', updated_at: '2026-10-01T03:00:00Z' },
    commune_id: 'dak-koi', village_id: village, survey_date: '2026-10-01', completeness: 'complete',
    members: members.map(([mid, name, sex, dob, relation, insured]) => ({
      id: mid, name, sex, date_of_birth: dob, relation, health_insurance: insured,
    })),
  };
}

// Hand count for #8 (health insurance, persons insured / all persons) over H1 and H2(false):
// 3 of 5 = 60,0 %; with H2(true), 4 of 5 = 80,0 %. H2 alone (Đắk Kôi thôn 2): 1 of 2 = 50,0 %.
export const H1 = household('11111111-1111-4111-8111-111111111111', 'dak-koi-thon-1', [
  ['11111111-1111-4111-8111-000000000001', 'A Hùng', 'male', '1980-05-01', 'head', true],
  ['11111111-1111-4111-8111-000000000002', 'Y Lan', 'female', '1982-03-02', 'spouse', true],
  ['11111111-1111-4111-8111-000000000003', 'A Nam', 'male', '2015-07-09', 'child', false],
]);
export const H2 = (insured) => household('22222222-2222-4222-8222-222222222222', 'dak-koi-thon-2', [
  ['22222222-2222-4222-8222-000000000001', 'Đinh Văn Tới', 'male', '1975-01-20', 'head', insured],
  ['22222222-2222-4222-8222-000000000002', 'Y Hoa', 'female', '1978-11-11', 'spouse', true],
]);
export const key = (h) => `ansinh/v1/household/${h.meta.id}`;

// Every control in `targets` is at least 44 × 44 px, there are at least `min` of them, and the
// page does not scroll sideways.
export async function expectTouchSized(page, targets, min) {
  const n = await targets.count();
  expect(n).toBeGreaterThanOrEqual(min);
  for (let i = 0; i < n; i++) {
    const box = await targets.nth(i).boundingBox();
    expect(box.height, `target ${i} height`).toBeGreaterThanOrEqual(44);
    expect(box.width, `target ${i} width`).toBeGreaterThanOrEqual(44);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}
