// Issue #19 on a tablet: the notice on personal data processing comes before the first
// question and its refusal keeps only the minimal record; the app lock (PIN) hides every
// record, survives a reload, refuses a wrong PIN and loses nothing typed; the
// Content-Security-Policy is in force and the app runs under it without a violation.
import { test, expect } from '@playwright/test';
import { agreeToNotice } from './helpers.mjs';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
});

async function openNewHousehold(page) {
  await page.goto('/ho-gia-dinh');
  await page.getByTestId('add-household').click();
  await expect(page).toHaveURL(/\/ho-gia-dinh\?ho=[0-9a-f-]{36}$/);
}

test('the notice comes before the first question, and its answer is kept', async ({ page }) => {
  await openNewHousehold(page);
  const notice = page.getByTestId('consent-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Thông báo về xử lý dữ liệu cá nhân');
  for (const part of ['Thông tin gồm', 'Mục đích', 'Người được xem', 'Thời gian lưu', 'Quyền của hộ']) {
    await expect(notice).toContainText(part);
  }
  // No survey question can be answered yet.
  for (const q of ['add-head', 'add-member', 'poverty', 'income_per_person_vnd', 'member']) {
    await expect(page.getByTestId(q)).toHaveCount(0);
  }
  await agreeToNotice(page);
  await expect(page.getByTestId('consent-answered')).toContainText('Đồng ý');
  await expect(page.getByTestId('add-head')).toBeVisible();
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.reload();
  await expect(page.getByTestId('consent-answered')).toContainText('Đồng ý');
  await expect(page.getByTestId('consent-notice')).toHaveCount(0);
});

test('a refusal keeps only the minimal record, after a confirmation', async ({ page }) => {
  await openNewHousehold(page);
  await agreeToNotice(page);
  await page.getByTestId('add-head').click();
  await page.keyboard.type('Y Blưm');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');

  // The household changes its mind: the personal data goes only once the surveyor confirms.
  await page.getByTestId('consent-change').click();
  await page.getByTestId('consent-refused').click();
  await expect(page.getByTestId('consent-confirm')).toBeVisible();
  await page.getByTestId('consent-confirm-cancel').click();
  await expect(page.getByTestId('consent-confirm')).toHaveCount(0);
  await page.getByTestId('consent-refused').click();
  await page.getByTestId('consent-confirm-clear').click();

  await expect(page.getByTestId('consent-declined')).toBeVisible();
  await expect(page.getByTestId('consent-answered')).toContainText('Không đồng ý');
  await expect(page.getByTestId('member')).toHaveCount(0);
  await expect(page.getByTestId('add-head')).toHaveCount(0);
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.reload();
  await expect(page.getByTestId('consent-declined')).toBeVisible();
  expect(await page.content()).not.toContain('Y Blưm');
  // The list keeps the visit (village, date), without a name.
  await page.goto('/ho-gia-dinh');
  await expect(page.getByTestId('household-row')).toHaveCount(1);
  await expect(page.getByTestId('row-village')).toContainText('1');
  await expect(page.getByTestId('row-members')).toHaveText('0');
});

async function setPin(page, pin) {
  await page.goto('/dong-bo');
  await page.getByTestId('new-pin').fill(pin);
  await page.getByTestId('new-pin-again').fill(pin);
  await page.getByTestId('set-pin').click();
  await expect(page.getByTestId('recovery-value')).toHaveText(/^\d{4}-\d{4}-\d{4}$/);
  await expect(page.getByTestId('pin-on')).toBeVisible();
}

test('the lock hides the data, survives a reload, refuses a wrong PIN and keeps what was typed', async ({ page }) => {
  await page.clock.install();
  await setPin(page, '2468');
  // Nothing of the PIN in storage but its salted hash.
  const stored = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes('/lock/')));
  // Not stored as such: the PIN never appears on its own (the salts and hashes are random hex,
  // which may contain the digits "2468" by chance: those do not count).
  expect(JSON.stringify(stored)).not.toMatch(/(^|[^0-9a-f])2468([^0-9a-f]|$)/);

  // A PIN is set: opening the app (a reload) starts locked.
  await page.goto('/ho-gia-dinh');
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expect(page.getByTestId('add-household')).toHaveCount(0);
  await page.getByTestId('lock-pin').fill('2468');
  await page.getByTestId('unlock').click();
  await page.getByTestId('add-household').click();
  await expect(page).toHaveURL(/\/ho-gia-dinh\?ho=[0-9a-f-]{36}$/);
  const url = page.url();
  await agreeToNotice(page);
  await page.getByTestId('add-head').click();
  await page.keyboard.type('Đinh Thị Khóa');
  // Left alone for longer than the idle time (5 minutes by default): the app locks, with the
  // last keystrokes saved, not lost.
  await page.clock.fastForward('05:10');
  const lockScreen = page.getByTestId('lock-screen');
  await expect(lockScreen).toBeVisible();
  await expect(page.getByTestId('household-form')).toHaveCount(0);
  // Everything else is inert: the menu cannot be reached behind the lock screen.
  await expect(page.locator('nav')).toHaveAttribute('inert', '');
  expect(await page.content()).not.toContain('Đinh Thị Khóa');

  // A reload starts locked.
  await page.reload();
  await expect(lockScreen).toBeVisible();
  expect(await page.content()).not.toContain('Đinh Thị Khóa');

  // A wrong PIN is refused.
  await page.getByTestId('lock-pin').fill('1111');
  await page.getByTestId('unlock').click();
  await expect(page.getByTestId('lock-message')).toContainText('Mã PIN không đúng');
  await expect(lockScreen).toBeVisible();

  // The right one returns to the form, the name still there.
  await page.getByTestId('lock-pin').fill('2468');
  await page.getByTestId('unlock').click();
  await expect(lockScreen).toHaveCount(0);
  await expect(page).toHaveURL(url);
  await expect(page.getByTestId('member-name').first()).toHaveValue('Đinh Thị Khóa');
  // Saved, not only kept: the list (which reads the stored records) shows it.
  await page.getByRole('link', { name: 'Về danh sách hộ' }).click();
  await expect(page.getByTestId('row-head')).toHaveText('Đinh Thị Khóa');
});

test('wrong PINs wait longer, across a reload; the recovery code removes the PIN only', async ({ page }) => {
  await setPin(page, '97531');
  const code = await page.getByTestId('recovery-value').textContent();
  await page.getByTestId('lock-now').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('lock-pin').fill('0000');
    await page.getByTestId('unlock').click();
    await expect(page.getByTestId('lock-pin')).toHaveValue('');
  }
  await expect(page.getByTestId('lock-message')).toContainText(/Chờ \d+ giây/);
  await expect(page.getByTestId('unlock')).toBeDisabled();
  await page.reload();
  await expect(page.getByTestId('unlock')).toBeDisabled();

  // The district's recovery code (after the wait) removes the PIN; the app opens.
  await page.evaluate(() => {
    const k = 'ansinh/v1/settings/lock/attempts';
    const a = JSON.parse(localStorage.getItem(k));
    localStorage.setItem(k, JSON.stringify({ ...a, not_before_ms: 0 }));
  });
  await page.reload();
  await page.getByTestId('forgot-pin').click();
  await page.getByTestId('recovery-code').fill(code);
  await page.getByTestId('use-recovery').click();
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('lock-screen')).toHaveCount(0);
});

test('the Content-Security-Policy is in force and the app runs under it', async ({ page }) => {
  const violations = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto('/');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).toContain("object-src 'none'");
  // Every page (each a wasm chunk), the form and the lock settings run with no violation.
  for (const path of ['/', '/ho-gia-dinh', '/chi-tieu', '/bao-cao', '/dong-bo', '/ke-hoach']) {
    await page.goto(path);
    await expect(page.getByTestId('part-not-loaded')).toHaveCount(0);
    await expect(page.locator('main h2, main h3').first()).toBeVisible();
  }
  await openNewHousehold(page);
  await agreeToNotice(page);
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
  expect(violations).toEqual([]);
  // And the policy does block: an injected inline script does not run.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    return window.__injected === true;
  });
  expect(ran).toBe(false);
});
