import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  fundProgramTotalsSchema, fundPublishResultSchema, fundUploadPreviewSchema, type FundUploadPreview,
} from '../../../shared/dashboard/funds';
import { DASHBOARD_API_PREFIX, dashboardErrorSchema } from '../../../shared/dashboard/staff';
import { pullResponseSchema, type PullResponse } from '../../../shared/sync/protocol';
import { listFundFreshness, listPaymentsByProgram } from '../../src/repositories/fundTotals';
import { startServer, type RunningServer } from '../http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../pg';
import { enrollKiosk } from '../pushFixtures';
import { createStaffUser, signIn, staffHeaders, TEST_STAFF_PASSWORD, type SignedIn } from './staffFixtures';
import { csv, FINANCE_HEADER, financeLine, fundTablesDigest, seedFundCounty, validId, VILLAGE_A1, VILLAGE_B1, xlsx } from './fundsSupport';

const API = DASHBOARD_API_PREFIX;

describe.each(TEST_DATABASE_KINDS)('fund import over HTTP (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let admin: SignedIn;
  let viewer: SignedIn;
  let uploadDir: string;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    uploadDir = mkdtempSync(join(tmpdir(), 'fund-uploads-'));
    server = await startServer(database, { fundUploadDir: uploadDir });
    await seedFundCounty(server.handle.db);
    await createStaffUser(server.handle.db, { name: 'finance', role: 'admin', password: TEST_STAFF_PASSWORD });
    await createStaffUser(server.handle.db, { name: 'reader', role: 'viewer', password: TEST_STAFF_PASSWORD });
    admin = await signIn(server.baseUrl, 'finance', TEST_STAFF_PASSWORD);
    viewer = await signIn(server.baseUrl, 'reader', TEST_STAFF_PASSWORD);
  });
  afterEach(async () => {
    await server.close();
    await database.drop();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  function upload(body: Uint8Array | string, fileName = 'list.csv', as = admin, programId?: string): Promise<Response> {
    const params = new URLSearchParams({ fileName, ...(programId === undefined ? {} : { programId }) });
    return fetch(`${server.baseUrl}${API}/funds/uploads?${params.toString()}`, {
      method: 'POST',
      headers: { ...staffHeaders(as, { write: true, json: false }), 'content-type': 'application/octet-stream' },
      body: typeof body === 'string' ? body : Buffer.from(body),
    });
  }

  async function preview(body: Uint8Array | string, fileName?: string, programId?: string): Promise<FundUploadPreview> {
    const response = await upload(body, fileName, admin, programId);
    expect(response.status, await response.clone().text()).toBe(201);
    return fundUploadPreviewSchema.strict().parse(await response.json());
  }

  function publish(id: string): Promise<Response> {
    return fetch(`${server.baseUrl}${API}/funds/uploads/${id}/publish`, { method: 'POST', headers: staffHeaders(admin, { write: true, json: false }) });
  }

  async function expectFileError(response: Response, pattern: RegExp): Promise<void> {
    expect(response.status).toBe(422);
    const body = dashboardErrorSchema.parse(await response.json());
    expect(body.error.code).toBe('FUND_FILE_INVALID');
    expect(body.error.message).toMatch(pattern);
  }

  async function pullAll(token: string, from = ''): Promise<PullResponse['changes'] & { next?: string }> {
    const changes: PullResponse['changes'] & { next?: string } = [];
    let since = from;
    for (let page = 0; page < 50; page++) {
      const response = await fetch(`${server.baseUrl}/api/v1/sync/pull?since=${encodeURIComponent(since)}`, { headers: { authorization: `Bearer ${token}` } });
      const body = pullResponseSchema.parse(await response.json());
      changes.push(...body.changes);
      since = body.next;
      if (!body.hasMore) break;
    }
    changes.next = since;
    return changes;
  }

  const goodList = csv('2024年耕地地力保护补贴发放清单', FINANCE_HEADER, financeLine(1), financeLine(2, { name: '曾国强', householdNo: '010004' }), financeLine(3, { township: '河口乡', village: '红星村', name: '解晓东' }));

  it('previews a GBK list, publishes it, and the kiosk pulls the rows', async () => {
    const kiosk = await enrollKiosk(server, VILLAGE_A1);
    const before = await pullAll(kiosk.token);
    const p = await preview(iconv.encode(goodList, 'gbk'), '清单.csv');
    expect(p).toMatchObject({ format: 'csv', encoding: 'gb18030', rows: 3, goodRows: 3, badRowCount: 0, skippedTitleRows: 1, publishable: true, state: 'ready', fileName: '清单.csv' });
    expect(p.byProgram).toEqual([{ programId: 'GDLB-2024', programName: '耕地地力保护补贴', year: 2024, rows: 3, dueFen: 242_250, paidFen: 242_250 }]);
    expect(p.byVillage.map((v) => [v.villageCode, v.rows])).toEqual([[VILLAGE_A1, 2], [VILLAGE_B1, 1]]);
    expect(readdirSync(uploadDir)).toHaveLength(1);

    const again = await fetch(`${server.baseUrl}${API}/funds/uploads/${p.uploadId}`, { headers: staffHeaders(admin) });
    expect(fundUploadPreviewSchema.parse(await again.json())).toEqual(p);

    const published = await publish(p.uploadId);
    expect(published.status).toBe(200);
    expect(fundPublishResultSchema.parse(await published.json())).toMatchObject({ published: 3, removed: 0 });
    expect(readdirSync(uploadDir)).toHaveLength(0);
    expect((await publish(p.uploadId)).status).toBe(409);

    const pulled = (await pullAll(kiosk.token)).slice(before.length);
    const rows = pulled.filter((c) => c.stream === 'disbursement');
    // The village's kiosk gets its own two rows, not the other village's.
    expect(rows.map((c) => c.key).sort()).toEqual([`GDLB-2024|1|${VILLAGE_A1}|030001`, `GDLB-2024|1|${VILLAGE_A1}|010004`].sort());
    expect(JSON.stringify(rows)).not.toContain(validId(1));
    expect(pulled.at(-1)?.stream).toBe('publication');

    const totals = fundProgramTotalsSchema.parse(await (await fetch(`${server.baseUrl}${API}/funds/programs`, { headers: staffHeaders(viewer) })).json());
    expect(totals.programs.find((t) => t.programId === 'GDLB-2024')).toMatchObject({ villages: 2, households: 3, dueFen: 242_250, paidFen: 242_250 });
    expect(totals.programs.find((t) => t.programId === 'NJGZ-2024')).toMatchObject({ households: 0, publishedAt: null });
    expect((await listFundFreshness(server.handle.db)).map((f) => f.villageCode)).toEqual([VILLAGE_A1, VILLAGE_B1]);
    expect((await listPaymentsByProgram(server.handle.db)).find((p2) => p2.programId === 'GDLB-2024')?.paidFen).toBe(242_250);
  });

  it('replaces the slices a file covers: a household dropped from the list is deleted', async () => {
    await publish((await preview(goodList)).uploadId);
    const kiosk = await enrollKiosk(server, VILLAGE_A1);
    const cursor = (await pullAll(kiosk.token)).next;
    // Only household 1 of 东风村 this time; 红星村 is not in the file and keeps its row.
    const result = await publish((await preview(csv(FINANCE_HEADER, financeLine(1, { amount: '900.00' })))).uploadId);
    expect(fundPublishResultSchema.parse(await result.json())).toMatchObject({ published: 1, removed: 1 });
    const later = await pullAll(kiosk.token, cursor);
    expect(later.filter((c) => c.stream === 'disbursement').map((c) => [c.op, c.key])).toEqual([
      ['put', `GDLB-2024|1|${VILLAGE_A1}|030001`],
      ['delete', `GDLB-2024|1|${VILLAGE_A1}|010004`],
    ]);
    const totals = fundProgramTotalsSchema.parse(await (await fetch(`${server.baseUrl}${API}/funds/programs`, { headers: staffHeaders(admin) })).json());
    expect(totals.programs.find((t) => t.programId === 'GDLB-2024')).toMatchObject({ villages: 2, households: 2, paidFen: 90_000 + 80_750 });
  });

  it('reports bad rows by line and changes nothing', async () => {
    await publish((await preview(goodList)).uploadId);
    const digest = await fundTablesDigest(server.handle.db);
    const bad = csv(
      FINANCE_HEADER,
      financeLine(1),
      financeLine(2, { amount: '-10' }),
      financeLine(3, { amount: '"1,500,000.00"' }),
      financeLine(4, { village: '幸福村' }),
      financeLine(1),
    );
    const p = await preview(bad);
    expect(p.publishable).toBe(false);
    expect(p.badRows.map((b) => b.line)).toEqual([3, 4, 5, 6]);
    expect(p.badRows.map((b) => b.reason)).toEqual([expect.stringMatching(/negative/), expect.stringMatching(/more than 1,000,000/), expect.stringMatching(/unknown village/), expect.stringMatching(/duplicate of line 2/)]);
    expect(p.duplicates).toBe(1);
    const refused = await publish(p.uploadId);
    expect(refused.status).toBe(409);
    expect(dashboardErrorSchema.parse(await refused.json()).error.code).toBe('FUND_UPLOAD_NOT_PUBLISHABLE');
    expect(await fundTablesDigest(server.handle.db)).toBe(digest);
  });

  it('reads an XLSX list (numbers, dates, first sheet only) and refuses a truncated one', async () => {
    const book = await xlsx([
      ['户主姓名', '身份证号', '村代码', '户号', '账号', '应发金额', '实发金额', '发放日期'],
      ['王小华', validId(1), VILLAGE_A1, '030001', '6217001234567890123', 807.5, 807.5, new Date(Date.UTC(2024, 5, 15))],
      ['曾国强', validId(2), VILLAGE_A1, '010004', '****4321', 1200, 0, ''],
    ]);
    const p = await preview(book, '清单.xlsx', 'GDLB-2024');
    expect(p).toMatchObject({ format: 'xlsx', encoding: null, goodRows: 2, badRowCount: 0 });
    expect(p.byProgram[0]).toMatchObject({ dueFen: 80_750 + 120_000, paidFen: 80_750 });
    const result = await publish(p.uploadId);
    expect(fundPublishResultSchema.parse(await result.json()).published).toBe(2);

    const digest = await fundTablesDigest(server.handle.db);
    await expectFileError(await upload(book.subarray(0, Math.floor(book.length * 0.6)), 'cut.xlsx'), /truncated/);
    expect(readdirSync(uploadDir)).toHaveLength(0);
    expect(await fundTablesDigest(server.handle.db)).toBe(digest);
  });

  it('refuses an ID that Excel turned into a number', async () => {
    const book = await xlsx([
      ['户主姓名', '身份证号', '村代码', '账号', '金额'],
      ['王小华', 341222198705120000, VILLAGE_A1, '0123', 100],
    ]);
    const p = await preview(book, 'ids.xlsx', 'GDLB-2024');
    expect(p.badRows).toEqual([{ line: 2, reason: expect.stringMatching(/turned into a number by Excel/) }]);
  });

  it('refuses files it cannot read, with a clear reason', async () => {
    const digest = await fundTablesDigest(server.handle.db);
    await expectFileError(await upload(Buffer.from('%PDF-1.7\n...'), 'list.pdf'), /PDF/);
    await expectFileError(await upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'list.png'), /PNG/);
    await expectFileError(await upload(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64), Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]), 'x.zip'), /workbook/);
    await expectFileError(await upload(iconv.encode(goodList, 'utf16le'), 'utf16.csv'), /UTF-16/);
    await expectFileError(await upload(Buffer.concat([iconv.encode(goodList, 'gbk'), Buffer.from([0xff, 0x41])]), 'mixed.csv'), /byte offset \d+/);
    await expectFileError(await upload(csv('姓名,身份证号,金额,备注', `王小华,${validId(1)},1,`), 'short.csv'), /required columns missing: 账号, 村.*the header row has: 姓名, 身份证号, 金额, 备注/);
    const unknownProgram = await upload(goodList, 'x.csv', admin, 'ZZZZ-2024');
    expect(unknownProgram.status).toBe(422);
    expect(readdirSync(uploadDir)).toHaveLength(0);
    expect(await fundTablesDigest(server.handle.db)).toBe(digest);
  });

  it('lets only admins upload and publish; viewers read totals', async () => {
    expect((await upload(goodList, 'x.csv', viewer)).status).toBe(403);
    expect((await fetch(`${server.baseUrl}${API}/funds/programs`)).status).toBe(401);
    expect((await fetch(`${server.baseUrl}${API}/funds/programs`, { headers: staffHeaders(viewer) })).status).toBe(200);
    const noCsrf = await fetch(`${server.baseUrl}${API}/funds/uploads?fileName=x.csv`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/octet-stream' },
      body: goodList,
    });
    expect(noCsrf.status).toBe(403);
  });
});
