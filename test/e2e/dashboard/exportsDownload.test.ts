import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DISBURSEMENT_EXPORT_COLUMNS } from '../../../server/src/dashboard/exports/disbursementExport';
import { CsvStreamParser } from '../../../shared/csv';
import { disbursementSchema } from '../../../shared/domain/disbursement';
import { formatFenAsYuan } from '../../../shared/money';
import { expectNoAxeViolations, saveScreenshot, useBrowser } from '../support';
import { DASHBOARD_CONTEXT_OPTIONS, openSignedIn, useDashboardCounty } from './support/county';
import { currentValues, enrollKiosk, pullEverything } from './support/kioskApi';

const desk = useBrowser();
const counties = useDashboardCounty();

const HEADERS = DISBURSEMENT_EXPORT_COLUMNS.map((c) => c.header);
const column = (header: string): number => {
  const index = HEADERS.indexOf(header);
  if (index < 0) throw new Error(`no export column ${header}`);
  return index;
};

/** What the comparison looks at: the payment's key and its amounts, as yuan text. */
type PaymentLine = { key: string; due: string; paid: string; idMasked: string };

function lineOf(cells: ReadonlyArray<string | number>): PaymentLine {
  const text = (header: string): string => String(cells[column(header)] ?? '');
  const yuan = (header: string): string => {
    const value = cells[column(header)];
    // XLSX keeps amounts numeric (yuan); CSV writes them as text with two decimals.
    return typeof value === 'number' ? formatFenAsYuan(Math.round(value * 100)) : String(value ?? '');
  };
  return {
    key: `${text('项目编号')}|${text('期次')}|${text('村代码')}|${text('户号')}`,
    due: yuan('应发（元）'),
    paid: yuan('实发（元）'),
    idMasked: text('身份证号（脱敏）'),
  };
}

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [event] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await event.path();
  return { name: event.suggestedFilename(), bytes: await readFile(path) };
}

const byKey = (a: PaymentLine, b: PaymentLine): number => a.key.localeCompare(b.key);

describe('dashboard exports', () => {
  it("downloads a village's disbursements as CSV (UTF-8 with BOM) and XLSX, both equal to what the county serves its kiosks", async () => {
    const { county } = counties;
    const context = await desk.browser.newContext({ ...DASHBOARD_CONTEXT_OPTIONS, acceptDownloads: true });
    try {
      const kiosk = await enrollKiosk(county.origin, await county.enrollCode(county.stationVillage));
      const expected = [...currentValues(await pullEverything(county.origin, kiosk.token), 'disbursement').values()]
        .map((v) => disbursementSchema.parse(v))
        .filter((d) => d.villageCode === county.stationVillage)
        .map((d) => ({ key: `${d.programId}|${d.period}|${d.villageCode}|${d.householdNo}`, due: formatFenAsYuan(d.dueFen), paid: formatFenAsYuan(d.paidFen), idMasked: d.idMasked }))
        .sort(byKey);
      expect(expected.length).toBeGreaterThan(0);

      // A viewer may export (reading is all an export does).
      const page = await openSignedIn(context, county, 'viewer', 'exports');
      await page.getByTestId('export-kind-disbursements').check();
      await page.getByTestId('export-filter-village').selectOption(county.stationVillage);
      await expectNoAxeViolations(page, 'dashboard-exports');
      await saveScreenshot(page, 'dashboard-exports');
      expect(new URL(await page.getByTestId('export-csv').getAttribute('href') ?? '', county.origin).searchParams.get('village')).toBe(county.stationVillage);

      const csv = await download(page, 'export-csv');
      expect(csv.name).toMatch(/\.csv$/);
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const parser = new CsvStreamParser();
      const records = [...parser.push(csv.bytes.toString('utf8')), ...parser.finish()].filter((r) => r.fields.some((f) => f !== ''));
      expect(records[0]?.fields).toEqual(HEADERS);
      expect(records.slice(1).map((r) => lineOf(r.fields)).sort(byKey)).toEqual(expected);

      const xlsx = await download(page, 'export-xlsx');
      expect(xlsx.name).toMatch(/\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      if (!sheet) throw new Error('the XLSX has no sheet');
      const rows: Array<Array<string | number>> = [];
      sheet.eachRow((row) => {
        const values = (row.values as unknown[]).slice(1).map((v) => (typeof v === 'number' ? v : v === null || v === undefined ? '' : String(v)));
        rows.push(values);
      });
      expect(rows[0]).toEqual(HEADERS);
      expect(rows.slice(1).map(lineOf).sort(byKey)).toEqual(expected);
    } finally {
      await context.close();
    }
  });

  it('a filter the server would refuse is flagged and offers no download link', async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const page = await openSignedIn(context, county, 'viewer', 'exports');
      await page.getByTestId('export-kind-disbursements').check();
      await page.getByTestId('export-filter-year').fill('1999');
      await page.getByTestId('exports-invalid').waitFor();
      expect(await page.getByTestId('export-csv').count()).toBe(0);
      expect(await page.getByTestId('export-filter-year').getAttribute('aria-invalid')).toBe('true');
      await expectNoAxeViolations(page, 'dashboard-exports-invalid');

      // Cases: the header line alone is still a well-formed file (no case was pushed to this county).
      await page.getByTestId('export-kind-cases').check();
      const csv = await download(page, 'export-csv');
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const xlsxHref = await page.getByTestId('export-xlsx').getAttribute('href');
      if (xlsxHref === null) throw new Error('the XLSX link has no href');
      const status = await page.evaluate(async (href) => (await fetch(href)).status, xlsxHref);
      expect(status).toBe(200);

      // The second language renders the same page with its own words (no raw message keys) and stays accessible.
      await page.getByTestId('language-switch').selectOption('en');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      const text = await page.locator('body').innerText();
      expect(text).not.toMatch(/\b(?:exports|common)\.[a-z]+/);
      // Village names stay Chinese; the page's own words must not.
      expect(text).not.toMatch(/办件|数据导出|资金发放/);
      await expectNoAxeViolations(page, 'dashboard-exports-en');
    } finally {
      await context.close();
    }
  });
});
