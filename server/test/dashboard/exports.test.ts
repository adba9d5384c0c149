import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesPageSchema, type CaseRow } from '../../../shared/dashboard/cases';
import { feedbackQueuePageSchema, type FeedbackQueueRow } from '../../../shared/dashboard/feedback';
import { CsvStreamParser } from '../../../shared/csv';
import { formatFenAsYuan } from '../../../shared/money';
import { containsFullIdNumber } from '../../../shared/privacy/masking';
import { pushResponseSchema, type EnrollResponse } from '../../../shared/sync/protocol';
import { postJson, startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { KioskOutbox, VALID_ID_NUMBER } from '../pushFixtures';
import { apiGet, apiUrl, apiWrite, enrollThroughDashboard, importDemoInto, signInStaff, writeDemoOnDisk, type DemoOnDisk, type Staff } from './adminFixtures';

const NOW = new Date('2026-12-20T02:00:00.000Z');
const INJECTED_NAME = '=cmd|/c calc';
const INJECTED_ITEM = '@SUM(1+1)';

let demo: DemoOnDisk;
beforeAll(async () => {
  demo = await writeDemoOnDisk();
});
afterAll(() => demo.remove());

async function downloadCsv(response: Response): Promise<{ raw: Uint8Array; records: string[][] }> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const raw = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(raw);
  const parser = new CsvStreamParser();
  const records = [...parser.push(text), ...parser.finish()].map((r) => r.fields);
  return { raw, records };
}

async function downloadXlsx(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new Error('no worksheet');
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) {
      const value = row.getCell(i).value;
      cells.push(typeof value === 'number' ? `#${value}` : value === null || value === undefined ? '' : String(value));
    }
    rows.push(cells);
  });
  return rows;
}

describe.each(TEST_DATABASE_KINDS)('exports (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let staff: Staff;
  let village: string;
  let otherVillage: string;

  async function push(kiosk: EnrollResponse, outbox: KioskOutbox): Promise<void> {
    const response = await postJson(`${server.baseUrl}/api/v1/sync/push`, { deviceId: kiosk.deviceId, epoch: kiosk.epoch, entries: outbox.entries }, { authorization: `Bearer ${kiosk.token}` });
    expect(response.status).toBe(200);
    expect(pushResponseSchema.parse(await response.json()).rejected).toEqual([]);
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    server = await startServer(database, { rateLimitPerMinute: 1_000_000 }, { clock: () => NOW });
    await importDemoInto(server, demo);
    staff = await signInStaff(server);
    village = demo.data.villages[0]?.code ?? '';
    otherVillage = demo.data.villages[1]?.code ?? '';

    const kiosk = await enrollThroughDashboard(server, staff.admin, village);
    const outbox = new KioskOutbox(kiosk.deviceId, village, kiosk.stationNo);
    const injected = outbox.createCase();
    injected.applicant.name = INJECTED_NAME;
    injected.itemName = INJECTED_ITEM;
    for (let i = 0; i < 4; i++) outbox.transition(outbox.createCase().caseId);
    outbox.createCase();
    const objection = outbox.feedback();
    objection.category = 'objection';
    objection.text = `-2+3 金额不对 身份证${VALID_ID_NUMBER}`;
    outbox.feedback().text = '+cmd|/c calc';
    outbox.feedback();
    await push(kiosk, outbox);

    const other = await enrollThroughDashboard(server, staff.admin, otherVillage, 'other');
    const otherOutbox = new KioskOutbox(other.deviceId, otherVillage, other.stationNo);
    otherOutbox.createCase();
    otherOutbox.feedback();
    await push(other, otherOutbox);

    const open = feedbackQueuePageSchema.parse(await (await apiGet(server, staff.viewer, '/feedback?limit=200')).json());
    const answered = open.rows.find((r) => r.villageCode === otherVillage);
    if (answered === undefined) throw new Error('no ticket to answer');
    expect((await apiWrite(server, staff.clerk, 'POST', `/feedback/${answered.id}/answer`, { text: '=已核实，下月补发' })).status).toBe(200);
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  async function listedCases(query: string): Promise<CaseRow[]> {
    const page = casesPageSchema.parse(await (await apiGet(server, staff.viewer, `/cases?limit=200${query}`)).json());
    expect(page.nextCursor).toBeNull();
    return page.rows;
  }

  async function listedFeedback(query: string): Promise<FeedbackQueueRow[]> {
    const page = feedbackQueuePageSchema.parse(await (await apiGet(server, staff.viewer, `/feedback?limit=200${query}`)).json());
    return page.rows;
  }

  it('writes the cases list as UTF-8 CSV with a BOM, CRLF lines, Chinese headers and neutralised cells', async () => {
    const response = await apiGet(server, staff.viewer, '/exports/cases.csv');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="cases-2026-12-20.csv"; filename*=UTF-8''${encodeURIComponent('办件-cases-2026-12-20.csv')}`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { raw, records } = await downloadCsv(response);
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(raw);
    expect(text.split('\r\n').length).toBe(records.length + 1);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');

    const [header, ...rows] = records;
    expect(header?.slice(0, 3)).toEqual(['受理编号', '村代码', '村']);
    const listed = await listedCases('');
    expect(listed).toHaveLength(7);
    expect(rows.map((r) => r[0])).toEqual(listed.map((c) => c.receiptNo));
    const injected = rows.find((r) => r[4] === `'${INJECTED_ITEM}`);
    expect(injected?.[6]).toBe(`'=*`);
    expect(rows.every((r) => r.every((cell) => !/^[=+\-@\t\r]/.test(cell)))).toBe(true);
    expect(containsFullIdNumber(text)).toBe(false);
  });

  // Every case of the fixture is filed on 2026-11-27 with a 2026-12-11 deadline: open ones are overdue on 2026-12-20.
  it('applies the list filters to the CSV and the XLSX alike', async () => {
    const expectedCounts: Array<[string, number]> = [
      [`village=${village}`, 6], [`village=${village}&state=accepted`, 4], [`village=${otherVillage}`, 1], ['state=declined', 0],
      ['item=MZ001&from=2026-11-27&to=2026-11-27', 7], ['from=2026-11-28', 0], ['overdue=true', 7], ['overdue=false', 0],
    ];
    for (const [query, count] of expectedCounts) {
      const listed = await listedCases(`&${query}`);
      expect(listed, query).toHaveLength(count);
      const csv = await downloadCsv(await apiGet(server, staff.viewer, `/exports/cases.csv?${query}`));
      expect(csv.records.slice(1).map((r) => r[0]), query).toEqual(listed.map((c) => c.receiptNo));
      const xlsx = await downloadXlsx(await apiGet(server, staff.viewer, `/exports/cases.xlsx?${query}`));
      expect(xlsx.slice(1).map((r) => r[0]), query).toEqual(listed.map((c) => c.receiptNo));
    }
  });

  it('writes the cases list as XLSX read back by exceljs, neutralised', async () => {
    const response = await apiGet(server, staff.viewer, '/exports/cases.xlsx');
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('办件-cases-2026-12-20.xlsx')}`);
    const [header, ...rows] = await downloadXlsx(response);
    expect(header?.[0]).toBe('受理编号');
    expect(rows).toHaveLength(7);
    const injected = rows.find((r) => r[4] === `'${INJECTED_ITEM}`);
    expect(injected?.[6]).toBe(`'=*`);
  });

  it('exports the feedback queue with masked ID numbers, neutralised text and the answers', async () => {
    const open = await downloadCsv(await apiGet(server, staff.viewer, '/exports/feedback.csv?state=open'));
    const listedOpen = await listedFeedback('&state=open');
    expect(open.records.slice(1).map((r) => r[0])).toEqual(listedOpen.map((r) => r.ticketNo));
    expect(open.records.slice(1)).toHaveLength(3);
    const texts = open.records.slice(1).map((r) => r[5]);
    expect(texts).toContain(`'-2+3 金额不对 身份证${VALID_ID_NUMBER.slice(0, 6)}********${VALID_ID_NUMBER.slice(-4)}`);
    expect(texts).toContain(`'+cmd|/c calc`);
    expect(containsFullIdNumber(new TextDecoder().decode(open.raw))).toBe(false);

    const objections = await downloadCsv(await apiGet(server, staff.viewer, `/exports/feedback.csv?state=open&category=objection&village=${village}`));
    expect(objections.records.slice(1).map((r) => r[3])).toEqual(['异议']);

    const answered = await downloadXlsx(await apiGet(server, staff.viewer, '/exports/feedback.xlsx?state=answered'));
    expect(answered.slice(1)).toHaveLength(1);
    expect(answered[1]?.[8]).toBe(`'=已核实，下月补发`);
    expect(answered[1]?.[7]).toMatch(/^#\d+$/);
  });

  it('exports the current disbursements of a village: amounts as yuan text in CSV, numbers in XLSX', async () => {
    const expected = [...demo.data.disbursements()].map((line) => line.row).filter((row) => row.villageCode === village);
    expect(expected.length).toBeGreaterThan(0);
    const csv = await downloadCsv(await apiGet(server, staff.viewer, `/exports/disbursements.csv?village=${village}`));
    const [header, ...rows] = csv.records;
    expect(header?.[14]).toBe('应发（元）');
    expect(rows).toHaveLength(expected.length);
    const byKey = new Map(rows.map((r) => [`${r[0]}|${r[7]}|${r[2]}`, r]));
    for (const row of expected) {
      const written = byKey.get(`${row.programId}|${row.householdNo}|${row.period}`);
      expect(written?.[14]).toBe(formatFenAsYuan(row.dueFen));
      expect(written?.[9]).toBe(row.idMasked);
    }
    expect(containsFullIdNumber(new TextDecoder().decode(csv.raw))).toBe(false);

    const paid = expected.filter((row) => row.status === 'paid');
    const xlsx = await downloadXlsx(await apiGet(server, staff.viewer, `/exports/disbursements.xlsx?village=${village}&status=paid`));
    expect(xlsx.slice(1)).toHaveLength(paid.length);
    const total = xlsx.slice(1).reduce((sum, r) => sum + Math.round(Number((r[15] ?? '').slice(1)) * 100), 0);
    expect(total).toBe(paid.reduce((sum, row) => sum + row.paidFen, 0));

    const program = expected[0]?.programId ?? '';
    const ofProgram = await downloadCsv(await apiGet(server, staff.viewer, `/exports/disbursements.csv?program=${program}`));
    const allOfProgram = [...demo.data.disbursements()].filter((line) => line.row.programId === program);
    expect(ofProgram.records.slice(1)).toHaveLength(allOfProgram.length);
  });

  it('refuses a bad filter with a JSON 400 before any file, and a request without a session', async () => {
    for (const path of ['/exports/cases.csv?state=nope', '/exports/feedback.xlsx?limit=5', '/exports/disbursements.csv?year=1999']) {
      const response = await apiGet(server, staff.viewer, path);
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/json');
    }
    expect((await fetch(apiUrl(server, '/exports/cases.csv'))).status).toBe(401);
  });
});
