// Office files and the aggregate-only export, made with the network cut (issues 19 and 21):
// the aggregate JSON of a unit and year has no personal field, and the .xlsx workbook and the
// .docx report are made offline (their writers come from the worker's cache) and read back here
// with a zip reader, with the right values.
import { test, expect } from '@playwright/test';
import JSZip from 'jszip';
import { H1, H2, key } from './helpers.mjs';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const PERSONAL_KEYS = ['members', 'name_of_head', 'date_of_birth', 'record_id', 'member_id', 'household_id', 'survey_date', 'meta'];

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (e) => { throw e; });
});

/** Seeds two households of Đắk Kôi (2026), waits until every chunk is cached, cuts the network. */
async function seedAndGoOffline(page, context) {
  await page.goto('/');
  await page.evaluate(([a, b]) => {
    localStorage.setItem(a[0], a[1]);
    localStorage.setItem(b[0], b[1]);
  }, [[key(H1), JSON.stringify(H1)], [key(H2(false)), JSON.stringify(H2(false))]]);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 20_000 });
  await expect(page.getByTestId('offline-ready')).toHaveText('Sẵn sàng dùng ngoại tuyến', { timeout: 20_000 });
  await context.setOffline(true);
}

async function downloaded(page, press) {
  const download = page.waitForEvent('download');
  await press();
  const file = await download;
  const chunks = await file.createReadStream().then((s) => s.toArray());
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The cells of one worksheet as { A1: value }: numbers as numbers, shared strings resolved. */
async function sheetCells(zip, n) {
  const shared = [...(await zip.file('xl/sharedStrings.xml').async('string')).matchAll(/<si>(.*?)<\/si>/gs)]
    .map((m) => unxml([...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((t) => t[1]).join('')));
  const xml = await zip.file(`xl/worksheets/sheet${n}.xml`).async('string');
  const cells = {};
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>(.*?)<\/c>)/gs)) {
    const v = m[3] && m[3].match(/<v>(.*?)<\/v>/s);
    if (!v) continue;
    cells[m[1]] = /t="s"/.test(m[2]) ? shared[Number(v[1])] : Number(v[1]);
  }
  return { cells, xml };
}

test('aggregate figures as JSON, made offline, with no personal field', async ({ page, context }) => {
  await seedAndGoOffline(page, context);
  await page.goto('/chi-tieu');
  await page.getByTestId('dash-org').selectOption('dak-koi');
  await expect(page.getByTestId('aggregate-json')).toHaveText('Xuất số liệu tổng hợp (JSON)');

  const json = await downloaded(page, () => page.getByTestId('aggregate-json').click());
  expect(json.name).toBe('ansinh-tong-hop-dak-koi-2026.json');
  const text = json.bytes.toString('utf8');
  const table = JSON.parse(text);
  expect(table.format).toBe('ansinh-aggregate');
  expect(table.year).toBe(2026);
  expect(table.units[0].id).toBe('dak-koi');
  expect(table.units.slice(1).every((u) => u.parent_id === 'dak-koi' && u.kind === 'village')).toBe(true);
  // Indicator 8 for Đắk Kôi: 60 %, as the report shows it.
  const r8 = table.rows.find((r) => r.unit_id === 'dak-koi' && r.indicator_id === '8');
  expect(r8.value).toBeCloseTo(60, 9);
  expect(typeof r8.status_label.vi).toBe('string');
  // Nothing personal: no personal key anywhere, no id, no date, no member's name.
  const keys = new Set();
  const strings = [];
  (function walk(v) {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { keys.add(k); walk(x); }
  })(table);
  for (const k of PERSONAL_KEYS) expect(keys.has(k), k).toBe(false);
  for (const s of strings) {
    expect(s).not.toMatch(UUID);
    expect(s).not.toMatch(ISO_DATE);
  }
  for (const h of [H1, H2(false)]) {
    expect(text).not.toContain(h.meta.id);
    for (const m of h.members) {
      expect(text).not.toContain(m.id);
      expect(text).not.toContain(m.name);
    }
  }
  await expect(page.getByTestId('office-status')).toContainText('Đã tạo tệp ansinh-tong-hop-dak-koi-2026.json');
});

// One download per page: Chromium lets a page start one download without asking; a second one,
// started after a chunk loaded (the click's activation spent), waits for "allow multiple
// downloads", which automation answers no.
test('aggregate figures as an Excel workbook made offline: real numbers, percent format, frozen header', async ({ page, context }) => {
  await seedAndGoOffline(page, context);
  await page.goto('/chi-tieu');
  await page.getByTestId('dash-org').selectOption('dak-koi');
  const xlsx = await downloaded(page, () => page.getByTestId('aggregate-xlsx').click());
  expect(xlsx.name).toBe('ansinh-tong-hop-dak-koi-2026.xlsx');
  const zip = await JSZip.loadAsync(xlsx.bytes);
  const workbook = await zip.file('xl/workbook.xml').async('string');
  expect([...workbook.matchAll(/<sheet name="([^"]+)"/g)].map((m) => unxml(m[1]))).toEqual(['Chỉ tiêu', 'Tiến độ thôn']);
  const { cells, xml } = await sheetCells(zip, 1);
  expect(xml).toContain('state="frozen"');
  expect(cells.A1).toBe('Đơn vị');
  expect(cells.F1).toBe('Giá trị');
  const row = Object.keys(cells).find((k) => k.startsWith('C') && cells[k] === '8' && cells['A' + k.slice(1)] === 'Xã Đắk Kôi');
  expect(row).toBeTruthy();
  const n = row.slice(1);
  expect(cells['F' + n]).toBeCloseTo(0.6, 9);
  expect(Number.isInteger(cells['G' + n]) && Number.isInteger(cells['H' + n])).toBe(true);
  expect(cells['G' + n] / cells['H' + n]).toBeCloseTo(0.6, 9);
  expect(await zip.file('xl/styles.xml').async('string')).toMatch(/formatCode="0[.0]*%"/);
  // The village progress: Đắk Kôi's villages with the two households counted.
  const villages = await sheetCells(zip, 2);
  expect(villages.cells.C1).toBe('Số hộ đã khảo sát');
  const surveyed = Object.entries(villages.cells).filter(([k, v]) => /^C\d+$/.test(k) && k !== 'C1').reduce((s, [, v]) => s + v, 0);
  expect(surveyed).toBe(2);
  const all = JSON.stringify(villages.cells) + JSON.stringify(cells);
  for (const m of H1.members) expect(all).not.toContain(m.name);
});

test('the yearly report as a Word document, made offline, with the decree parts and the figures', async ({ page, context }) => {
  await seedAndGoOffline(page, context);
  await page.goto('/bao-cao');
  await page.getByTestId('report-org').selectOption('dak-koi');
  await page.getByTestId('report-year').selectOption('2026');
  await page.getByTestId('report-open').click();
  await expect(page.getByTestId('report-form')).toBeVisible();
  await page.getByTestId('report-number').fill('15');
  await page.getByTestId('report-difficulties').fill('Thiếu cán bộ <b>chuyên trách</b>.');
  await expect(page.getByTestId('save-status')).toContainText('Đã lưu lúc');
  await page.getByTestId('report-print-link').click();
  await expect(page).toHaveURL(/\/bao-cao\/in\?bc=/);

  const docx = await downloaded(page, () => page.getByTestId('report-docx').click());
  expect(docx.name).toBe('bao-cao-dak-koi-2026.docx');
  const zip = await JSZip.loadAsync(docx.bytes);
  const doc = await zip.file('word/document.xml').async('string');
  const words = unxml([...doc.matchAll(/<w:t(?: [^>]*)?>(.*?)<\/w:t>/gs)].map((m) => m[1]).join('\n'));
  for (const needle of ['ỦY BAN NHÂN DÂN XÃ ĐẮK KÔI', 'Số: 15/BC-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc', 'Đắk Kôi, ngày', 'BÁO CÁO', 'I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU',
    '60,0%', 'Thiếu cán bộ <b>chuyên trách</b>.', 'Nơi nhận:']) {
    expect(words, needle).toContain(needle);
  }
  // The signer's name, as the print view shows it.
  const signer = (await page.getByTestId('bc-sign').locator('p').last().textContent()).trim();
  expect(words).toContain(signer);
  const styles = await zip.file('word/styles.xml').async('string');
  expect(styles).toContain('w:ascii="Times New Roman"');
  await expect(page.getByTestId('office-status')).toContainText('Đã tạo tệp bao-cao-dak-koi-2026.docx');
});
