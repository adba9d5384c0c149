import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentPublic } from '../../../shared/domain/agent';
import type { CaseState } from '../../../shared/domain/case';
import type { ServiceItem } from '../../../shared/domain/serviceItem';
import { foldCase } from '../../../shared/cases/fold';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import { verifyAuditChain } from '../../../shared/audit/auditChain';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import {
  createCase, findCaseByLocalNo, findCaseByReceiptNo, getCase, listCasesCreatedOn, listCasesInState, listOverdueCases,
  searchCases, transitionCase, updateMaterials, type CaseInput,
} from '../../../renderer/src/db/repositories/cases';
import { county, VILLAGE_A1, TOWNSHIP_A } from '../db/support/countyFixture';
import { dumpDb, freshDb } from '../db/support/testDb';

const AGENT: AgentPublic = { id: '01900000-0000-7000-8000-0000000000aa', name: '王秀英', role: 'agent', active: true, createdAt: '2026-01-01T00:00:00+08:00' };
const PENSION: ServiceItem = {
  code: 'YL001', name: '养老保险待遇资格认证', department: '县人社局', promisedDays: 5, feeFen: 0, legalBasis: '社会保险法', description: '',
  materials: [{ name: '身份证', copies: 1, original: true, note: '' }, { name: '户口簿', copies: 1, original: false, note: '' }],
};
const APPLICANT_ID = completeIdNumber('34122219550505041');
// Friday 2026-11-27, 10:00 kiosk time.
const FRIDAY = new Date(2026, 10, 27, 10, 0, 0);

let db: KioskDatabase;

function input(overrides: Partial<CaseInput['applicant']> = {}, rest: Partial<CaseInput> = {}): CaseInput {
  return {
    itemCode: 'YL001',
    applicant: { name: '张桂兰', idNumber: APPLICANT_ID, phone: '139 1234 5678', group: 3, ...overrides },
    materials: [{ name: '身份证', copies: 1, original: true, received: true }, { name: '户口簿', copies: 1, original: false, received: false }],
    note: '',
    ...rest,
  };
}

async function created(day: Date = FRIDAY) {
  const result = await createCase(db, input(), AGENT, { now: day });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.record;
}

beforeEach(async () => {
  db = freshDb();
  await db.meta.bulkPut([{ key: 'scope', value: { townshipCode: TOWNSHIP_A, villageCode: VILLAGE_A1 } }, { key: 'county', value: county }]);
  await db.serviceItems.put(PENSION);
  await db.holidays.put({ date: '2026-12-01', name: '测试假日', kind: 'off' });
});

afterEach(() => db.close());

describe('createCase', () => {
  it('stores the case, its created event, the receipt number, the deadline and an audit entry', async () => {
    const record = await created();
    expect(record.receiptNo).toBe(`DB-${VILLAGE_A1}-261127-001`);
    expect(record.localNo).toBe('261127001');
    // Fri + 5 working days, skipping the weekend and the Tuesday holiday: Mon, Wed, Thu, Fri, Mon.
    expect(record.deadline).toBe('2026-12-07');
    expect(record.state).toBe('entrusted');
    expect(record.applicant).toEqual({ name: '张桂兰', idNumber: APPLICANT_ID, phone: '13912345678', group: 3 });
    expect(record.applicantIdLast4).toBe(APPLICANT_ID.slice(-4));
    expect(record.createdDay).toBe('2026-11-27');
    expect(record.agentName).toBe('王秀英');
    const events = await db.caseEvents.where('caseId').equals(record.id).toArray();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'created', authorSeq: 1, parentId: null, author: { kind: 'device' } });
    expect(await getCase(db, record.id)).toEqual(record);
    const audit = await db.auditLog.toArray();
    expect(audit.map((a) => [a.action, a.subject])).toEqual([['caseCreated', record.receiptNo]]);
    expect(verifyAuditChain(audit).ok).toBe(true);
  });

  it('numbers cases uniquely and in sequence within a day, restarting the next day', async () => {
    const numbers = [];
    for (let i = 0; i < 4; i++) numbers.push((await created()).localNo);
    expect(numbers).toEqual(['261127001', '261127002', '261127003', '261127004']);
    expect((await created(new Date(2026, 10, 28, 9))).localNo).toBe('261128001');
    expect(new Set((await db.cases.toArray()).map((c) => c.receiptNo)).size).toBe(5);
  });

  it('writes nothing and explains every bad field', async () => {
    const before = await dumpDb(db);
    const wrongCheck = APPLICANT_ID.slice(0, 17) + (APPLICANT_ID.endsWith('1') ? '2' : '1');
    const result = await createCase(db, input({ name: '  ', idNumber: wrongCheck, phone: '12345', group: 11 }, { itemCode: 'XX999', materials: [] }), AGENT, { now: FRIDAY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name?.code).toBe('EMPTY');
    expect(result.errors.idNumber?.code).toBe('CHECK_DIGIT');
    expect(result.errors.phone?.code).toBe('FORMAT');
    expect(result.errors.group?.code).toBe('GROUP'); // the village has 10 groups
    expect(result.errors.itemCode?.code).toBe('UNKNOWN_ITEM');
    expect(await dumpDb(db)).toEqual(before);
  });

  it('gives each ID error its own code', async () => {
    const cases: Array<[string, string]> = [
      ['3412221955050504', 'LENGTH'],
      ['34122219550505041A', 'FORMAT'],
      [completeIdNumber('34122219550230041'), 'BIRTH_DATE'],
      [completeIdNumber('34122220300101041'), 'BIRTH_DATE'], // born after the kiosk's today
    ];
    for (const [idNumber, code] of cases) {
      const result = await createCase(db, input({ idNumber }), AGENT, { now: FRIDAY });
      expect(result.ok ? 'OK' : result.errors.idNumber?.code, idNumber).toBe(code);
    }
    expect(await db.cases.count()).toBe(0);
  });

  it('refuses an empty materials list for an item that requires materials', async () => {
    const result = await createCase(db, input({}, { materials: [] }), AGENT, { now: FRIDAY });
    expect(result.ok ? null : result.errors.materials?.code).toBe('MATERIALS_REQUIRED');
    expect(await db.counters.count()).toBe(0);
  });

  it('keeps markup in names as plain text', async () => {
    const result = await createCase(db, input({ name: '<b>张</b>' }), AGENT, { now: FRIDAY });
    expect(result.ok && result.record.applicantName).toBe('<b>张</b>');
  });
});

describe('transitionCase', () => {
  it('walks a case to hand-back, chaining each event on the previous one', async () => {
    const record = await created();
    const path: Array<[CaseState, string]> = [['accepted', ''], ['awaitingMaterials', '缺户口簿复印件'], ['submitted', ''], ['completed', ''], ['handedBack', '']];
    for (const [to, reason] of path) {
      const result = await transitionCase(db, record.id, to, reason, AGENT, { now: FRIDAY });
      expect(result.ok, to).toBe(true);
    }
    const final = await getCase(db, record.id);
    expect(final?.state).toBe('handedBack');
    expect(final?.history.map((h) => h.to)).toEqual(['entrusted', ...path.map(([to]) => to)]);
    const events = await db.caseEvents.where('caseId').equals(record.id).toArray();
    expect(events.map((e) => e.authorSeq).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(foldCase(events)).toEqual(expect.objectContaining({ state: 'handedBack', headEventId: final?.headEventId }));
    const audit = await db.auditLog.toArray();
    expect(audit.filter((a) => a.action === 'caseTransition')).toHaveLength(5);
    expect(verifyAuditChain(audit).ok).toBe(true);
  });

  it('refuses an illegal transition or a missing reason and writes nothing', async () => {
    const record = await created();
    const before = await dumpDb(db);
    expect(await transitionCase(db, record.id, 'completed', '', AGENT)).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    expect(await transitionCase(db, record.id, 'declined', '   ', AGENT)).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(await transitionCase(db, 'nope', 'accepted', '', AGENT)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await dumpDb(db)).toEqual(before);
  });

  it('refuses a disabled agent', async () => {
    const record = await created();
    await expect(transitionCase(db, record.id, 'accepted', '', { ...AGENT, active: false })).rejects.toThrow(/disabled/);
  });
});

describe('updateMaterials', () => {
  it('replaces the checklist and audits it; refuses an unreadable list', async () => {
    const record = await created();
    const materials = [{ name: '身份证', copies: 1, original: true, received: true }, { name: '户口簿', copies: 1, original: false, received: true }];
    const result = await updateMaterials(db, record.id, materials, AGENT);
    expect(result.ok && result.record.materials).toEqual(materials);
    expect(result.ok && result.record.state).toBe('entrusted');
    expect(await updateMaterials(db, record.id, [{ name: '' }], AGENT)).toMatchObject({ ok: false, code: 'INVALID_MATERIALS' });
    expect((await db.auditLog.toArray()).map((a) => a.action)).toEqual(['caseCreated', 'caseMaterials']);
  });
});

describe('case queries', () => {
  it('finds cases by receipt number, local part, name prefix and ID last 4', async () => {
    const first = await created();
    const other = await createCase(db, input({ name: '李四', idNumber: completeIdNumber('34122219800101123') }), AGENT, { now: FRIDAY });
    if (!other.ok) throw new Error('setup');
    expect((await findCaseByLocalNo(db, '261127001'))?.id).toBe(first.id);
    expect((await findCaseByReceiptNo(db, first.receiptNo.toLowerCase()))?.id).toBe(first.id);
    expect((await searchCases(db, first.receiptNo)).map((c) => c.id)).toEqual([first.id]);
    expect((await searchCases(db, '261127002')).map((c) => c.id)).toEqual([other.record.id]);
    expect((await searchCases(db, '张')).map((c) => c.id)).toEqual([first.id]);
    expect((await searchCases(db, APPLICANT_ID.slice(-4))).map((c) => c.id)).toEqual([first.id]);
    expect(await searchCases(db, 'YJ-341222100001-261127-001')).toEqual([]);
    expect(await searchCases(db, '  ')).toEqual([]);
  });

  it('lists today, by state and overdue (most overdue first, settled cases left out)', async () => {
    const early = await created(new Date(2026, 10, 2, 9)); // deadline 2026-11-09
    const later = await created(new Date(2026, 10, 16, 9)); // deadline 2026-11-23
    const settled = await created(new Date(2026, 10, 2, 10));
    const today = await created();
    for (const to of ['accepted', 'submitted', 'completed'] as const) await transitionCase(db, settled.id, to, '', AGENT);
    expect((await listCasesCreatedOn(db, '2026-11-27')).map((c) => c.id)).toEqual([today.id]);
    expect((await listCasesCreatedOn(db, '2026-11-02')).map((c) => c.id)).toEqual([early.id, settled.id]);
    expect((await listCasesInState(db, 'entrusted')).map((c) => c.id)).toEqual([early.id, later.id, today.id]);
    expect((await listOverdueCases(db, '2026-11-27')).map((c) => c.id)).toEqual([early.id, later.id]);
    expect(await listOverdueCases(db, '2026-11-09')).toEqual([]);
  });
});
