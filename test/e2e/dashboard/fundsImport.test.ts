import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_NOTICE_COLUMNS } from '../../../shared/demo/publicNoticeCsv';
import { formatFenAsYuan, formatFenGrouped } from '../../../shared/money';
import { disbursementSchema } from '../../../shared/domain/disbursement';
import { expectNoAxeViolations, readDemoDisbursements, saveScreenshot, useBrowser, type DemoDisbursement, type PublicNoticeColumn } from '../support';
import { DASHBOARD_CONTEXT_OPTIONS, openSignedIn, useDashboardCounty } from './support/county';
import { currentValues, enrollKiosk, pullEverything } from './support/kioskApi';

const desk = useBrowser();
const counties = useDashboardCounty();

/** Two title rows above the header, as the finance bureau's public-notice lists have them. */
const TITLE_ROWS = ['某县补贴资金发放公示清单', '填报单位：县财政局,,,,单位：元'];

function csvLine(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}

/** A GBK-encoded list in the demo county's public-notice layout; the header sits on line TITLE_ROWS.length + 1. */
function gbkList(rows: ReadonlyArray<Record<PublicNoticeColumn, string>>): Buffer {
  const lines = [...TITLE_ROWS, csvLine(PUBLIC_NOTICE_COLUMNS), ...rows.map((r) => csvLine(PUBLIC_NOTICE_COLUMNS.map((c) => r[c])))];
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'gbk');
}

interface Slice {
  programId: string;
  villageCode: string;
  /** Every demo row of the (program, village): a file replaces exactly this slice. */
  rows: DemoDisbursement[];
  /** The rest of the program in other villages (unchanged by the file). */
  otherVillagesPaidFen: number;
}

let slice: Slice;

beforeAll(async () => {
  const all = await readDemoDisbursements();
  const village = counties.county.stationVillage;
  const byProgram = new Map<string, DemoDisbursement[]>();
  for (const row of all) {
    if (row.row.villageCode !== village) continue;
    byProgram.set(row.row.programId, [...(byProgram.get(row.row.programId) ?? []), row]);
  }
  // The newest program with a few paid rows in the station's village: small enough to read, big enough to change.
  const [programId, rows] = [...byProgram.entries()]
    .filter(([, r]) => r.length >= 3 && r.length <= 400 && r.every((x) => x.row.status === 'paid'))
    .sort(([a], [b]) => b.slice(-4).localeCompare(a.slice(-4)) || a.localeCompare(b))[0] ?? ['', []];
  if (programId === '') throw new Error('the e2e demo set has no fully paid program in the station village');
  const otherVillagesPaidFen = all.filter((r) => r.row.programId === programId && r.row.villageCode !== village).reduce((s, r) => s + r.row.paidFen, 0);
  slice = { programId, villageCode: village, rows, otherVillagesPaidFen };
});

async function chooseAndUpload(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('funds-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByTestId('funds-upload').click();
}

async function maxChangeId(): Promise<number> {
  const row = await counties.county.database.db.selectFrom('changes').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0);
}

describe('dashboard fund import', () => {
  it('a list with bad rows lists each with its line number and offers nothing to publish; nothing changes', async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const before = await maxChangeId();
      const page = await openSignedIn(context, county, 'admin', 'funds/import');
      const [first, second] = slice.rows;
      if (!first || !second) throw new Error('slice too small');
      const header = TITLE_ROWS.length + 1;
      const file = gbkList([
        first.columns, // line header+1: good
        { ...second.columns, 实发金额: '-12.00', 应发金额: '-12.00' }, // negative amount
        { ...second.columns, 户号: '999001', 村: '没有这个村' }, // unknown village
        first.columns, // duplicate of the first row
      ]);
      await chooseAndUpload(page, 'bad-list.csv', file);
      await page.getByTestId('funds-preview-summary').waitFor();
      expect(await page.getByTestId('funds-rows').innerText()).toBe('4');
      expect(await page.getByTestId('funds-good').innerText()).toBe('1');
      expect(await page.getByTestId('funds-bad').innerText()).toBe('3');
      expect(await page.getByTestId('funds-duplicates').innerText()).toBe('1');
      expect(await page.getByTestId('funds-encoding').getAttribute('data-encoding')).toBe('gb18030');
      expect(await page.getByTestId('funds-skipped').innerText()).toBe(String(TITLE_ROWS.length));
      const lines = await page.getByTestId('funds-bad-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-line'))));
      expect(lines.sort((a, b) => a - b)).toEqual([header + 2, header + 3, header + 4]);
      const reasons = await page.getByTestId('funds-bad-row').allInnerTexts();
      expect(reasons.join('\n')).toMatch(/negative/);
      expect(reasons.join('\n')).toMatch(/没有这个村/);
      // Not publishable: no button, a plain statement instead.
      expect(await page.getByTestId('funds-publish').count()).toBe(0);
      await page.getByTestId('funds-not-publishable').waitFor();
      await expectNoAxeViolations(page, 'dashboard-funds-bad-rows');
      await saveScreenshot(page, 'dashboard-funds-bad-rows');
      expect(await maxChangeId()).toBe(before);
    } finally {
      await context.close();
    }
  });

  it('a file that cannot be read is rejected with its reason, and nothing is offered', async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const before = await maxChangeId();
      const page = await openSignedIn(context, county, 'admin', 'funds/import');
      // The first bytes of a ZIP (an XLSX is one) and then nothing: a truncated upload.
      await page.getByTestId('funds-file').setInputFiles({ name: 'list.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('504b0304140000000800', 'hex') });
      await page.getByTestId('funds-upload').click();
      const error = page.getByTestId('funds-file-error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('FUND_FILE_INVALID');
      expect(await page.getByTestId('funds-preview-summary').count()).toBe(0);
      expect(await page.getByTestId('funds-publish').count()).toBe(0);
      await expectNoAxeViolations(page, 'dashboard-funds-rejected');
      expect(await maxChangeId()).toBe(before);
    } finally {
      await context.close();
    }
  });

  it('a valid GBK list with title rows previews its totals, publishes after confirmation and reaches the kiosks', async () => {
    const { county } = counties;
    const context = await desk.browser.newContext(DASHBOARD_CONTEXT_OPTIONS);
    try {
      const page = await openSignedIn(context, county, 'admin', 'funds/import');
      await expectNoAxeViolations(page, 'dashboard-funds-import');
      // The bureau corrected two households' amounts and dropped the last one from its list.
      const kept = slice.rows.slice(0, -1).map((r, i) => {
        if (i >= 2) return r;
        const fen = r.row.paidFen + 1_234 * (i + 1);
        const yuan = formatFenAsYuan(fen);
        return { ...r, columns: { ...r.columns, 应发金额: yuan, 实发金额: yuan }, row: { ...r.row, dueFen: fen, paidFen: fen } };
      });
      const paidFen = kept.reduce((s, r) => s + r.row.paidFen, 0);
      await chooseAndUpload(page, '发放清单.csv', gbkList(kept.map((r) => r.columns)));
      await page.getByTestId('funds-preview-summary').waitFor();
      expect(await page.getByTestId('funds-rows').innerText()).toBe(String(kept.length));
      expect(await page.getByTestId('funds-bad').innerText()).toBe('0');
      expect(await page.getByTestId('funds-encoding').getAttribute('data-encoding')).toBe('gb18030');
      expect(await page.getByTestId('funds-skipped').innerText()).toBe(String(TITLE_ROWS.length));
      const programRow = page.locator(`[data-testid="funds-by-program"] tr[data-program="${slice.programId}"]`);
      expect(await programRow.getByTestId('program-paid').innerText()).toBe(formatFenGrouped(paidFen));
      const villageRow = page.locator(`[data-testid="funds-by-village"] tr[data-village="${slice.villageCode}"]`);
      expect(await villageRow.getByTestId('village-paid').innerText()).toBe(formatFenGrouped(paidFen));
      expect(await page.getByTestId('funds-bad-rows').count()).toBe(0);

      // Publishing asks first; cancelling leaves everything as it was.
      const before = await maxChangeId();
      await page.getByTestId('funds-publish').click();
      await page.getByTestId('funds-publish-cancel').click();
      expect(await maxChangeId()).toBe(before);
      await page.getByTestId('funds-publish').click();
      await expectNoAxeViolations(page, 'dashboard-funds-preview');
      await saveScreenshot(page, 'dashboard-funds-preview');
      await page.getByTestId('funds-publish-yes').click();
      await page.getByTestId('funds-publish-result').waitFor();
      expect(await page.getByTestId('funds-publish').count()).toBe(0);

      // A kiosk of the village pulls exactly the file's rows for the (program, village).
      const kiosk = await enrollKiosk(county.origin, await county.enrollCode(slice.villageCode));
      const payments = [...currentValues(await pullEverything(county.origin, kiosk.token), 'disbursement').values()]
        .map((v) => disbursementSchema.parse(v))
        .filter((d) => d.programId === slice.programId && d.villageCode === slice.villageCode);
      const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);
      expect(payments.map((d) => ({ id: d.id, dueFen: d.dueFen, paidFen: d.paidFen })).sort(byId)).toEqual(
        kept.map((r) => ({ id: r.row.id, dueFen: r.row.dueFen, paidFen: r.row.paidFen })).sort(byId),
      );

      // The county's program totals include the new amounts.
      await page.goto(county.dashboardUrl('funds/programs'));
      const totalsRow = page.locator(`[data-testid="funds-program-row"][data-program="${slice.programId}"]`);
      await totalsRow.waitFor();
      expect(await totalsRow.getByTestId('program-paid').innerText()).toBe(formatFenGrouped(slice.otherVillagesPaidFen + paidFen));
      await expectNoAxeViolations(page, 'dashboard-funds-programs');
      await saveScreenshot(page, 'dashboard-funds-programs');
    } finally {
      await context.close();
    }
  });
});
