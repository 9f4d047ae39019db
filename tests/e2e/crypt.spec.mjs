// Files that leave the tablet are encrypted (issue #19): with the district's public key set,
// the export is an age file — not JSON, no household name in it — that the district's CLI opens
// with its identity into the same records as a plain export; a passphrase file goes from one
// tablet to another (the second offline), a wrong passphrase or an altered file is refused in
// Vietnamese and changes nothing; a file for the district's key is not opened on a tablet.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { H1, H2, freshPage, seed, stored, records } from './helpers.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
// The CLI the native tier built (`cargo test -p ansinh-cli`), in the same target directory.
const BIN = process.env.ANSINH_BIN || join(process.env.CARGO_TARGET_DIR || join(ROOT, 'target'), 'debug', 'ansinh');
const ansinh = (args, env = {}) => execFileSync(BIN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

const NAMES = [...H1.members, ...H2(false).members].map((m) => m.name);
let dir;
test.beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`the ansinh CLI is not built at ${BIN}: run cargo build -p ansinh-cli (or set ANSINH_BIN)`);
  dir = mkdtempSync(join(tmpdir(), 'ansinh-crypt-e2e-'));
});
test.afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

// Exports everything, protected as `protect` (0 district key, 1 passphrase, 2 plain; null: the
// default), and confirms the file was saved. The file's name and bytes.
async function exportFile(page, { protect = null, passphrase = null } = {}) {
  if (!page.url().endsWith('/dong-bo')) await page.goto('/dong-bo');
  await page.getByTestId('export-scope-0').check();
  if (protect !== null) await page.getByTestId(`export-protect-${protect}`).check();
  if (passphrase !== null) await page.getByTestId('export-passphrase').fill(passphrase);
  const download = page.waitForEvent('download');
  const t0 = Date.now();
  await page.getByTestId('export-file').click();
  const file = await download;
  const ms = Date.now() - t0;
  const bytes = await file.createReadStream().then((s) => s.toArray()).then((c) => Buffer.concat(c));
  await expect(page.getByTestId('export-done')).toContainText('Đã xuất');
  await page.getByTestId('export-confirm').click();
  await expect(page.getByTestId('export-confirmed')).toBeVisible();
  return { name: file.suggestedFilename(), bytes, ms };
}

function expectSealed(bytes) {
  expect(bytes.subarray(0, 22).toString('latin1')).toBe('age-encryption.org/v1\n');
  expect(() => JSON.parse(bytes.toString('utf8'))).toThrow();
  for (const name of NAMES) {
    expect(bytes.includes(Buffer.from(name, 'utf8')), name).toBe(false);
    expect(bytes.toString('latin1').toLowerCase().includes(name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()), name).toBe(false);
  }
}

test('with the district key set, the export is an age file the district CLI opens into the plain export\'s records', async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await seed(page, [H1, H2(false)]);
  await page.goto('/dong-bo');
  // No key yet: the panel says so and offers the passphrase (chosen by default), never plain.
  await expect(page.getByTestId('export-protect-1')).toBeChecked();
  await page.getByTestId('export-protect-0').check();
  await expect(page.getByTestId('export-no-key')).toContainText('chưa có khóa công khai của huyện');

  const identity = join(dir, `district-${test.info().project.name}.txt`);
  const publicKey = ansinh(['keys', 'new', '-o', identity]).toString().trim();
  expect(publicKey).toMatch(/^age1[0-9a-z]{58}$/);
  // A bad key is refused and not stored.
  await page.getByTestId('district-key-input').fill('age1khongphaikhoa');
  await page.getByTestId('district-key-save').click();
  await expect(page.getByTestId('district-key-status')).toContainText('Khóa công khai không hợp lệ');
  await expect(page.getByTestId('district-key-current')).toHaveText('Chưa có khóa.');
  await page.getByTestId('district-key-input').fill(`  ${publicKey}\n`);
  await page.getByTestId('district-key-save').click();
  await expect(page.getByTestId('district-key-status')).toHaveText('Đã lưu khóa của huyện.');
  // Kept across a reload, and the export follows it by default.
  await page.reload();
  await expect(page.getByTestId('district-key-current')).toHaveText(publicKey);
  await expect(page.getByTestId('export-protect-0')).toBeChecked();

  const sealed = await exportFile(page);
  expect(sealed.name).toMatch(/^ansinh-kon-ray-\d{8}-\d{4}\.age$/);
  expectSealed(sealed.bytes);

  // The plain export exists only behind its warning.
  await page.getByTestId('export-protect-2').check();
  await expect(page.getByTestId('export-plain-warning')).toContainText('ai nhặt được tệp cũng đọc được');
  const plain = await exportFile(page, { protect: 2 });
  expect(plain.name).toMatch(/^ansinh-kon-ray-\d{8}-\d{4}\.json$/);
  expect(plain.bytes.toString('utf8')).toContain(H1.members[0].name);

  // At the district: the CLI opens the file with the identity; the records are the plain export's.
  const enc = join(dir, sealed.name);
  writeFileSync(enc, sealed.bytes);
  const out = join(dir, `opened-${test.info().project.name}.json`);
  ansinh(['merge', enc, '--identity', identity, '-o', out]);
  expect(records(readFileSync(out, 'utf8'))).toEqual(records(plain.bytes.toString('utf8')));
  // Another district's identity opens nothing and writes nothing.
  const other = join(dir, `other-${test.info().project.name}.txt`);
  ansinh(['keys', 'new', '-o', other]);
  const never = join(dir, `never-${test.info().project.name}.json`);
  let err = '';
  try { ansinh(['merge', enc, '--identity', other, '-o', never]); } catch (e) { err = e.stderr.toString(); }
  expect(err).toContain('không được mã hóa cho khóa này');
  expect(existsSync(never)).toBe(false);

  // The tablet itself cannot open a file for the district's key: it says where it must go.
  const before = await stored(page);
  await page.getByTestId('import-file').setInputFiles({ name: sealed.name, mimeType: 'application/octet-stream', buffer: sealed.bytes });
  await expect(page.getByTestId('import-error')).toContainText('chỉ Phòng ở huyện mở được');
  await expect(page.getByTestId('import-error')).toContainText('Không có gì thay đổi.');
  expect(await stored(page)).toEqual(before);
});

test('a passphrase file goes to another tablet offline; a wrong passphrase or an altered file changes nothing', async ({ page, browser }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await seed(page, [H1, H2(false)]);
  // No district key on this tablet: the passphrase is the default.
  await page.goto('/dong-bo');
  await expect(page.getByTestId('export-protect-1')).toBeChecked();
  // An empty passphrase is refused before anything is made.
  await page.getByTestId('export-file').click();
  await expect(page.getByTestId('export-crypt-error')).toContainText('Mật khẩu đang để trống');
  await expect(page.getByTestId('export-done')).toHaveCount(0);
  const sealed = await exportFile(page, { passphrase: 'hai con trâu ăn cỏ' });
  expect(sealed.name).toMatch(/^ansinh-kon-ray-\d{8}-\d{4}\.age$/);
  expectSealed(sealed.bytes);
  test.info().annotations.push({ type: 'timing', description: `passphrase export (scrypt 2^16, release WASM): ${sealed.ms} ms` });

  // The other tablet, its worker in control, then the network cut.
  const b = await freshPage(browser);
  await b.goto('/dong-bo');
  await b.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 });
  await b.context().setOffline(true);
  const empty = await stored(b);
  const pick = (buffer) => b.getByTestId('import-file').setInputFiles({ name: 'tu-may-kia.age', mimeType: 'application/octet-stream', buffer });

  await pick(sealed.bytes);
  await expect(b.getByTestId('import-passphrase-form')).toBeVisible();
  await b.getByTestId('import-passphrase').fill('hai con trau an co');
  await b.getByTestId('import-open').click();
  await expect(b.getByTestId('import-error')).toContainText('Sai mật khẩu');
  await expect(b.getByTestId('import-error')).toContainText('Không có gì thay đổi.');
  expect(await stored(b)).toEqual(empty);

  // One flipped bit in the payload: refused as altered, nothing changed.
  const altered = Buffer.from(sealed.bytes);
  altered[altered.length - 40] ^= 0x04;
  await pick(altered);
  await b.getByTestId('import-passphrase').fill('hai con trâu ăn cỏ');
  await b.getByTestId('import-open').click();
  await expect(b.getByTestId('import-error')).toContainText('Tệp bị hỏng hoặc đã bị sửa');
  expect(await stored(b)).toEqual(empty);
  // Cut short: refused too.
  await pick(sealed.bytes.subarray(0, sealed.bytes.length - 100));
  await b.getByTestId('import-passphrase').fill('hai con trâu ăn cỏ');
  await b.getByTestId('import-open').click();
  await expect(b.getByTestId('import-error')).toContainText('Tệp bị hỏng hoặc đã bị sửa');
  expect(await stored(b)).toEqual(empty);

  // The right passphrase: the households arrive.
  await pick(sealed.bytes);
  await b.getByTestId('import-passphrase').fill('hai con trâu ăn cỏ');
  const t0 = Date.now();
  await b.getByTestId('import-open').click();
  await expect(b.getByTestId('import-result')).toContainText('thêm 2,');
  test.info().annotations.push({ type: 'timing', description: `passphrase import (scrypt 2^16, release WASM): ${Date.now() - t0} ms` });
  await b.goto('/ho-gia-dinh');
  await expect(b.getByTestId('household-row')).toHaveCount(2);
  await expect(b.getByTestId('household-row').first()).toBeVisible();
  const rows = (await b.getByTestId('household-row').allInnerTexts()).join('\n');
  expect(rows).toContain(H1.members[0].name);
  await b.context().close();
});

test('a damaged district key is reported, not taken for "no key"', async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('ansinh/v1/settings/district_key', '{"age1'));
  await page.goto('/dong-bo');
  await expect(page.getByTestId('notice').filter({ hasText: 'Không đọc được cài đặt đã lưu' })).toBeVisible();
});
