// A commune's poverty list from Excel into draft households, with the network cut (issue 21,
// "In"): a 1,000-row list made here, with bad rows, imports into drafts with every bad row
// listed by its row number; the confirmed column mapping is remembered; importing the same list
// again creates nothing; a changed row is an update; the template downloads with its headers.
import { test, expect } from '@playwright/test';
import JSZip from 'jszip';
import { agreeToNotice } from './helpers.mjs';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = (i) => String.fromCharCode(65 + i);

/** A minimal .xlsx (one sheet, inline strings, numbers as numbers), as Excel's readers take it. */
async function xlsx(rows) {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  zip.file('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>');
  zip.file('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
  const body = rows.map((r, ri) => `<row r="${ri + 1}">${r.map((v, ci) => {
    if (v === '' || v === null) return '';
    const ref = `${col(ci)}${ri + 1}`;
    return typeof v === 'number'
      ? `<c r="${ref}"><v>${v}</v></c>`
      : `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  }).join('')}</row>`).join('');
  zip.file('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

// The head's column has a header the app does not recognise: the user maps it once.
const HEADERS = ['STT', 'Người đại diện hộ', 'Năm sinh', 'Giới tính', 'Thôn', 'Phân loại hộ', 'Dân tộc'];
const N = 1000;
const FIRST_DATA_ROW = 4; // title, blank line, headers

/** Data row i (1-based) of the sample list; every hundred has three bad rows. */
function row(i, poverty) {
  const bad = i % 100;
  return [
    i,
    bad === 33 ? '' : `Y Hơn ${i}`,
    bad === 66 ? 2099 : 1950 + (i % 50),
    i % 2 ? 'Nam' : 'Nữ',
    bad === 7 ? 'Thôn 99' : `Thôn ${1 + (i % 7)}`,
    poverty ?? (i % 3 === 0 ? 'Hộ cận nghèo' : 'Hộ nghèo'),
    'Xơ Đăng',
  ];
}

async function sampleList(changeFirst) {
  const rows = [['DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO XÃ ĐẮK KÔI NĂM 2026'], [], HEADERS];
  for (let i = 1; i <= N; i++) rows.push(row(i, changeFirst && i === 1 ? 'Thoát nghèo' : undefined));
  return xlsx(rows);
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const count = (page, id) => page.getByTestId(id).locator('strong');

async function pick(page, buffer) {
  await page.getByTestId('list-file').setInputFiles({ name: 'danh-sach-ho-ngheo-2026.xlsx', mimeType: XLSX, buffer });
}

test('a 1,000-row poverty list imports offline into drafts, bad rows listed, nothing twice', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 });
  await expect(page.getByTestId('offline-ready')).toHaveText('Sẵn sàng dùng ngoại tuyến', { timeout: 20_000 });
  await context.setOffline(true);

  await page.goto('/ho-gia-dinh');
  await page.getByTestId('import-list').click();
  await expect(page).toHaveURL(/\/ho-gia-dinh\/nhap$/);
  await page.getByTestId('list-commune').selectOption('dak-koi');

  // The template, made offline, has the columns with Vietnamese headers.
  const download = page.waitForEvent('download');
  await page.getByTestId('list-template').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('mau-danh-sach-ho.xlsx');
  const template = await JSZip.loadAsync(Buffer.concat(await file.createReadStream().then((s) => s.toArray())));
  const strings = await template.file('xl/sharedStrings.xml').async('string');
  for (const h of ['Họ và tên chủ hộ', 'Ngày sinh', 'Giới tính', 'Thôn, làng, tổ dân phố', 'Phân loại hộ', 'Dân tộc']) {
    expect(strings).toContain(h);
  }

  const list = await sampleList(false);
  await pick(page, list);
  await expect(page.getByTestId('list-file-read')).toContainText(`${N + 3} dòng`);
  await expect(page.getByTestId('list-header-row')).toHaveValue('3');
  // The head's column is not recognised: the preview waits for it.
  await expect(page.getByTestId('list-mapping-problem')).toContainText('Chưa chọn cột họ và tên chủ hộ');
  await expect(page.getByTestId('list-preview-step')).toHaveCount(0);
  // A pick changes its own row only: the select (and every other row) is the same element
  // after it, still focused, so a tablet's user is not thrown out of the table on each pick.
  const headSelect = page.getByTestId('map-col-headname');
  const keyBox = page.getByTestId('map-key-headname');
  await headSelect.focus();
  await headSelect.evaluate((el) => (el.dataset.mark = 'kept'));
  await keyBox.evaluate((el) => (el.dataset.mark = 'kept'));
  await headSelect.selectOption('1');
  await expect(page.getByTestId('list-mapping-problem')).toHaveCount(0);
  expect(await headSelect.evaluate((el) => el.dataset.mark === 'kept' && document.activeElement === el)).toBe(true);
  expect(await keyBox.evaluate((el) => el.dataset.mark)).toBe('kept');
  await expect(headSelect).toHaveValue('1');

  const bad = 3 * (N / 100);
  await expect(count(page, 'list-new-count')).toHaveText(String(N - bad));
  await expect(count(page, 'list-rejected-count')).toHaveText(String(bad));
  await expect(count(page, 'list-update-count')).toHaveText('0');
  const rejected = page.getByTestId('list-rejected-row');
  await expect(rejected).toHaveCount(bad);
  // Row 7 of the data (Thôn 99), row 33 (no name), row 66 (born 2099): sheet rows 10, 36, 69.
  const first = await rejected.evaluateAll((rows) => rows.slice(0, 3).map((r) => [...r.cells].map((c) => c.textContent)));
  expect(first[0][0]).toBe(String(FIRST_DATA_ROW - 1 + 7));
  expect(first[0][1]).toContain('Thôn, làng, tổ dân phố');
  expect(first[1][0]).toBe(String(FIRST_DATA_ROW - 1 + 33));
  expect(first[1][1]).toContain('Họ và tên chủ hộ');
  expect(first[2][0]).toBe(String(FIRST_DATA_ROW - 1 + 66));
  expect(first[2][1]).toContain('năm sinh không hợp lý');

  // Nothing is saved before the confirmation.
  const stored = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ansinh/v1/household/')).length);
  expect(await stored()).toBe(0);
  await expect(page.getByTestId('list-confirm')).toHaveText(`Lưu ${N - bad} hộ`);
  await page.getByTestId('list-confirm').click();
  await expect(page.getByTestId('list-saved')).toContainText(`Đã lưu ${N - bad} hộ mới và cập nhật 0 hộ.`);
  expect(await stored()).toBe(N - bad);
  // The preview now finds every household already here.
  await expect(count(page, 'list-new-count')).toHaveText('0');
  await expect(count(page, 'list-unchanged-count')).toHaveText(String(N - bad));
  await expect(page.getByTestId('list-confirm')).toBeDisabled();

  // The drafts are in the list, in their villages, with the head as the only member.
  await page.getByTestId('list-to-households').click();
  await expect(page.getByTestId('list-count')).toContainText(`trong ${N - bad} hộ`);
  const h1 = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ansinh/v1/household/')).length);
  expect(h1).toBe(N - bad);

  // Next year: the same layout maps itself; one household left poverty; nothing is added.
  await page.goto('/ho-gia-dinh/nhap');
  await page.getByTestId('list-commune').selectOption('dak-koi');
  await pick(page, await sampleList(true));
  await expect(page.getByTestId('list-mapping-problem')).toHaveCount(0);
  await expect(page.getByTestId('map-col-headname')).toHaveValue('1');
  await expect(count(page, 'list-new-count')).toHaveText('0');
  await expect(count(page, 'list-update-count')).toHaveText('1');
  await expect(count(page, 'list-unchanged-count')).toHaveText(String(N - bad - 1));
  await expect(page.getByTestId('list-update-row')).toContainText('Y Hơn 1');
  await expect(page.getByTestId('list-update-row')).toContainText('Phân loại hộ');
  await page.getByTestId('list-confirm').click();
  await expect(page.getByTestId('list-saved')).toContainText('Đã lưu 0 hộ mới và cập nhật 1 hộ.');
  expect(await stored()).toBe(N - bad);
});

test('a file that is not a spreadsheet is refused in Vietnamese, and a year alone is shown in the form', async ({ page }) => {
  await page.goto('/ho-gia-dinh/nhap');
  await page.getByTestId('list-file').setInputFiles({ name: 'danh-sach.xlsx', mimeType: XLSX, buffer: Buffer.from('PK\x03\x04 not a zip') });
  await expect(page.getByTestId('list-read-error')).toContainText('không phải tệp bảng tính');

  const csv = 'Họ và tên chủ hộ;Năm sinh;Thôn\nA Blớ;1975;Thôn 2\n';
  await page.getByTestId('list-commune').selectOption('dak-koi');
  await page.getByTestId('list-file').setInputFiles({ name: 'ds.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${csv}`) });
  await expect(count(page, 'list-new-count')).toHaveText('1');
  await expect(page.getByTestId('list-year-only')).toContainText('1 chủ hộ chỉ có năm sinh');
  await page.getByTestId('list-confirm').click();
  await expect(page.getByTestId('list-saved')).toContainText('Đã lưu 1 hộ mới');
  await page.getByTestId('list-to-households').click();
  await page.getByTestId('edit').first().click();
  // The notice on personal data is read on the visit: an imported draft has no answer yet.
  await agreeToNotice(page);
  await expect(page.getByTestId('member-birth-year')).toContainText('Danh sách ghi năm sinh 1975');
  await expect(page.getByTestId('member-birth')).toHaveValue('');
});
