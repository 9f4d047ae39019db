// The household form member by member, as a surveyor meets it on a tablet: no answer is ever
// preset, removing a member asks first (naming the person) and can be undone with every
// answer, each member is a card with its progress that closes when complete, "Câu chưa trả
// lời tiếp theo" goes to what is left, and a household of five is surveyed with fewer taps
// than the one-long-page form needed (77 for this household, 86 for the issue's; see
// docs/benchmarks.md).
import { test, expect } from '@playwright/test';
import { agreeToNotice, newHousehold, saved } from './helpers.mjs';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
});

/** YYYY-MM-DD of today shifted by whole years (day clamped to 28). */
async function isoYearsAgo(page, years, months = 0) {
  return page.evaluate(([y, m]) => {
    const d = new Date();
    d.setFullYear(d.getFullYear() - y, d.getMonth() - m, Math.min(d.getDate(), 28));
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }, [years, months]);
}

/** Every answer shown in a member card: chosen radios and input values, by test id. */
async function answersOf(card) {
  return card.evaluate((el) => {
    const out = {};
    for (const r of el.querySelectorAll('input[type=radio]:checked')) out[r.dataset.testid] = true;
    for (const i of el.querySelectorAll('input:not([type=radio])')) out[i.dataset.testid] = i.value;
    return out;
  });
}

test('a new member has no answer at all: every question shows it is unanswered, the date is empty', async ({ page }) => {
  const warnings = [];
  page.on('console', (m) => { if (m.text().includes('does not conform')) warnings.push(m.text()); });
  await newHousehold(page);
  await page.getByTestId('add-member').click();
  const m = page.getByTestId('member').last();
  // Walk every question of the card.
  const questions = m.locator('.question[data-field]');
  const n = await questions.count();
  expect(n).toBeGreaterThanOrEqual(8); // name, sex, date of birth, relation and the four for everyone
  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    await expect(q.locator('input[type=radio]:checked')).toHaveCount(0);
    for (const input of await q.locator('input:not([type=radio])').all()) await expect(input).toHaveValue('');
    await expect(q, `question ${await q.getAttribute('data-field')}`).toHaveAttribute('data-todo', '');
    await expect(q.getByTestId('unanswered')).toHaveText('Chưa trả lời');
  }
  await expect(m.getByTestId('member-birth')).toHaveValue('');
  await expect(m.locator('.choice.chosen')).toHaveCount(0);
  await expect(m.getByTestId('member-progress')).toHaveText('còn 8 câu');
  // Answering removes the mark from that question only.
  await m.getByTestId('member-sex-1').check();
  await expect(m.locator('.question[data-field="members[0].sex"]')).not.toHaveAttribute('data-todo');
  await expect(m.locator('.question[data-field="members[0].sex"] [data-testid=unanswered]')).toHaveCount(0);
  await expect(m.getByTestId('member-progress')).toHaveText('còn 7 câu');
  // Saved and reloaded: still no preset relation or date.
  await saved(page);
  await page.reload();
  const again = page.getByTestId('member').last();
  await expect(again.getByTestId('member-birth')).toHaveValue('');
  await expect(again.locator('[data-testid^=member-relation-]:checked')).toHaveCount(0);
  await expect(again.getByTestId('member-sex-1')).toBeChecked();
  expect(warnings).toEqual([]);
});

// The card must stay open while its removal question is shown: the focused "Bỏ nhân khẩu"
// button is replaced by the question, and focus going nowhere once closed the complete card.
test('removing a member asks first, naming the person; undo restores every answer', async ({ page }) => {
  await newHousehold(page);
  await page.getByTestId('add-head').click();
  const m = page.getByTestId('member').first();
  await expect(m.getByTestId('member-name')).toBeFocused();
  await page.keyboard.type('Y Hơn');
  await m.getByTestId('member-sex-1').check();
  await m.getByTestId('member-birth').fill(await isoYearsAgo(page, 34));
  for (const id of ['health_insurance-0', 'health_record-1', 'primary_care-2', 'social_assistance-1',
    'enrolment-0', 'highest_completed-1', 'labour_status-0', 'qualification-2', 'social_insurance-1',
    'unemployment_insurance-0']) {
    await m.getByTestId(id).check();
  }
  await m.getByTestId('births_last_12m').fill('1');
  await saved(page);
  const before = await answersOf(m);
  expect(before['member-relation-0']).toBe(true); // added as the head
  expect(Object.keys(before).length).toBeGreaterThan(12);

  // One tap does not destroy: the confirmation names the person.
  await m.getByTestId('remove-member').click();
  await expect(m.getByTestId('confirm-remove-member')).toContainText('Bỏ nhân khẩu “Y Hơn” cùng mọi câu trả lời');
  await m.getByTestId('cancel-remove').click();
  await expect(page.getByTestId('member')).toHaveCount(1);
  await m.getByTestId('remove-member').click();
  await m.getByTestId('confirm-remove').click();
  await expect(page.getByTestId('member')).toHaveCount(0);
  await expect(page.getByTestId('member-undo-bar')).toContainText('Đã bỏ nhân khẩu “Y Hơn”.');
  await saved(page);

  await page.getByTestId('undo-remove-member').click();
  await expect(page.getByTestId('member')).toHaveCount(1);
  const back = page.getByTestId('member').first();
  await expect(back.getByTestId('member-name')).toHaveValue('Y Hơn');
  expect(await answersOf(back)).toEqual(before);
  await saved(page);
  await page.reload();
  expect(await answersOf(page.getByTestId('member').first())).toEqual(before);
});

// Taps as a surveyor makes them: a tap on a control is one; typing into the field that has the
// focus is not a tap (the keyboard is up); focusing a text field is one tap.
function tapCounter(page) {
  let taps = 0;
  return {
    get taps() { return taps; },
    async tap(locator) { taps += 1; await locator.tap(); },
    async type(locator, text) {
      if (!(await locator.evaluate((el) => el === document.activeElement))) { taps += 1; await locator.tap(); }
      await locator.fill(text);
    },
    // A date picker: counted as one tap (the same for any form; Playwright fills it).
    async date(locator, iso) { taps += 1; await locator.fill(iso); },
    // A drop-down: one tap opens it, one picks.
    async select(locator, value) { taps += 2; await locator.selectOption(value); },
  };
}

// By touch a tap on a choice does not move the focus, so adding the next member (not a
// focusout) is what closes a complete card.
// Counted once, at 800×1280 touch: the portrait project runs it, the landscape one does not.
test('a household of five, member by member, with fewer taps than the long page', async ({ page }, info) => {
  const t = tapCounter(page);
  await page.goto('/ho-gia-dinh');
  await t.tap(page.getByTestId('add-household'));
  await agreeToNotice(page);
  await expect(page.getByTestId('household-form')).toBeVisible();
  await expect(page.getByTestId('household-progress')).toContainText('còn 12 câu');

  // The household's own questions.
  for (const id of ['ethnic_minority-0', 'remote_village-0', 'poverty-1', 'disaster_affected-1', 'meritorious_service-1',
    'housing-1', 'water-2', 'latrine-0', 'radio_tv-0']) {
    await t.tap(page.getByTestId(id));
  }
  await t.type(page.getByTestId('income'), '1.200.000');
  await t.type(page.getByTestId('floor-area'), '42');
  await t.type(page.getByTestId('deaths'), '0');
  await expect(page.getByTestId('household-progress')).toHaveText('Thông tin chung của hộ: Đã đủ');

  const adult = async (m, female) => {
    for (const id of ['health_insurance-0', 'health_record-0', 'primary_care-1', 'social_assistance-1',
      'enrolment-0', 'highest_completed-1', 'labour_status-0', 'qualification-0', 'social_insurance-0',
      'unemployment_insurance-1']) {
      await t.tap(m.getByTestId(id));
    }
    if (female) await t.type(m.getByTestId('births_last_12m'), '0');
  };
  const member = async (add, { name, female, years, months = 0 }) => {
    await t.tap(page.getByTestId(add));
    // Pinned to this member's card (`.last()` would follow the next member added).
    const id = await page.getByTestId('member').last().getAttribute('data-member');
    const m = page.locator(`[data-testid=member][data-member="${id}"]`);
    await t.type(m.getByTestId('member-name'), name);
    await t.tap(m.getByTestId(female ? 'member-sex-1' : 'member-sex-0'));
    await t.date(m.getByTestId('member-birth'), await isoYearsAgo(page, years, months));
    return m;
  };

  const head = await member('add-head', { name: 'A Hùng', years: 40 });
  await expect(head.getByTestId('member-progress')).toHaveText('còn 9 câu');
  await adult(head, false);
  await expect(head.getByTestId('member-progress')).toHaveText('Đã đủ');

  const wife = await member('add-spouse', { name: 'Y Lan', female: true, years: 36 });
  // Leaving a complete member closes its card; its header still says it is done.
  await expect(head.getByTestId('member-toggle')).toHaveAttribute('aria-expanded', 'false');
  await expect(head.getByTestId('member-name')).toBeHidden();
  await adult(wife, true);

  const school = async (m) => {
    for (const id of ['health_insurance-0', 'health_record-0', 'primary_care-0', 'social_assistance-1',
      'highest_completed-1']) {
      await t.tap(m.getByTestId(id));
    }
    await t.tap(m.getByTestId('enrolment-2'));
    await t.select(m.getByTestId('grade'), '3');
  };
  const son = await member('add-child', { name: 'A Nam', years: 10 });
  await school(son);
  const daughter = await member('add-child', { name: 'Y Hoa', female: true, years: 7 });
  await school(daughter);
  const baby = await member('add-child', { name: 'A Tí', years: 1, months: 6 });
  for (const id of ['health_insurance-0', 'health_record-0', 'primary_care-0', 'social_assistance-1',
    'fully_vaccinated_before_1-0']) {
    await t.tap(baby.getByTestId(id));
  }
  await t.type(baby.getByTestId('height'), '80,5');
  await t.tap(baby.getByTestId('measured-0'));

  await expect(page.getByTestId('members-progress')).toHaveText('Nhân khẩu đã đủ: 5/5');
  await expect(page.getByTestId('next-unanswered')).toBeDisabled();
  await t.tap(page.getByTestId('mark-complete'));
  await expect(page.getByTestId('completeness-status')).toHaveText('Hoàn thành');
  await saved(page);
  const taps = t.taps;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`household of five: ${taps} taps, page ${height} px tall`);
  info.annotations.push({ type: 'taps', description: String(taps) }, { type: 'height', description: String(height) });
  // Today's long page, by the same counting rules and the same household (docs/benchmarks.md):
  // 77 taps (a tap on each new member's name, "Vợ/chồng" picked in a drop-down, no sex tap
  // for the men because "Nam" was preset). The issue's own household took 86.
  expect(taps).toBeLessThan(77);
});

test('"next unanswered question" opens the member, scrolls to the question and focuses it', async ({ page }) => {
  await newHousehold(page);
  await page.getByTestId('add-head').click();
  const m = page.getByTestId('member').first();
  await page.keyboard.type('A Blưu');
  await page.getByTestId('member-toggle').first().click();
  await expect(m.getByTestId('member-name')).toBeHidden();
  // The household's own questions come first.
  await page.getByTestId('next-unanswered').click();
  await expect(page.locator('.question[data-field="ethnic_minority"] input').first()).toBeFocused();
  for (const id of ['ethnic_minority-0', 'remote_village-0', 'poverty-1', 'disaster_affected-1', 'meritorious_service-1',
    'housing-1', 'water-2', 'latrine-0', 'radio_tv-0']) {
    await page.getByTestId(id).check();
  }
  await page.getByTestId('income').fill('900000');
  await page.getByTestId('floor-area').fill('30');
  await page.getByTestId('deaths').fill('0');
  // Then the closed member: opened, its first unanswered question focused.
  await page.getByTestId('next-unanswered').click();
  await expect(m.getByTestId('member-toggle')).toHaveAttribute('aria-expanded', 'true');
  await expect(m.locator('.question[data-field="members[0].sex"] input').first()).toBeFocused();
  await expect(m.locator('.question[data-field="members[0].sex"]')).toBeInViewport();
});
