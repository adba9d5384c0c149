import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importCountyData } from '../../../renderer/src/db/import/importCountyData';
import { createTextSource } from '../../../renderer/src/db/import/source';
import { createFeedback, FEEDBACK_TEXT_MAX, findFeedbackByLocalNo, findFeedbackByTicketNo, type FeedbackInput } from '../../../renderer/src/db/repositories/feedback';
import type { KioskDatabase } from '../../../renderer/src/db/schema';
import { feedbackSchema } from '../../../shared/domain/feedback';
import { countyFiles, programs, rows, VILLAGE_A1 } from '../db/support/countyFixture';
import { dumpDb, freshDb } from '../db/support/testDb';

const TODAY = '2024-09-02';
const PROGRAM = programs[1]!;
const ROW = rows.find((r) => r.programId === PROGRAM.id && r.villageCode === VILLAGE_A1 && r.status === 'failed')!;

function general(overrides: Partial<FeedbackInput> = {}): FeedbackInput {
  return { subject: { kind: 'general' }, category: 'consultation', text: '补贴什么时候发？', callbackPhone: '', ...overrides };
}

function objection(overrides: Partial<FeedbackInput> = {}): FeedbackInput {
  return { subject: { kind: 'disbursement', programId: ROW.programId, disbursementId: ROW.id }, category: 'objection', text: '', callbackPhone: null, ...overrides };
}

describe('createFeedback', () => {
  let db: KioskDatabase;
  beforeEach(async () => {
    db = freshDb();
    await importCountyData(db, createTextSource(countyFiles()));
  });
  afterEach(() => db.close());

  it('files an objection against a disbursement with a YJ ticket of this village and day, and audits it', async () => {
    const result = await createFeedback(db, objection({ callbackPhone: '138 0013 8000', text: '  金额不对  ' }), { today: TODAY });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const feedback = result.feedback;
    expect(feedbackSchema.parse(feedback)).toEqual(feedback);
    expect(feedback.ticketNo).toBe(`YJ-${VILLAGE_A1}-240902-001`);
    expect(feedback.localNo).toBe('240902001');
    expect(feedback.text).toBe('金额不对');
    expect(feedback.callbackPhone).toBe('13800138000');
    expect(feedback.state).toBe('open');
    expect(await findFeedbackByLocalNo(db, '240902001')).toEqual(feedback);
    expect(await findFeedbackByTicketNo(db, feedback.ticketNo)).toEqual(feedback);
    const audit = await db.auditLog.toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'feedbackCreated', actorId: null, subject: feedback.ticketNo, details: { category: 'objection', disbursementId: ROW.id } });
  });

  it('files general feedback with a landline and an objection against a whole program', async () => {
    const first = await createFeedback(db, general({ callbackPhone: '0556-1234567' }), { today: TODAY });
    const second = await createFeedback(db, objection({ subject: { kind: 'program', programId: PROGRAM.id } }), { today: TODAY });
    expect(first.ok && first.feedback.callbackPhone).toBe('0556-1234567');
    expect(second.ok && second.feedback.subject).toEqual({ kind: 'program', programId: PROGRAM.id });
  });

  it('refuses a phone number that does not exist and saves nothing', async () => {
    const before = await dumpDb(db);
    const result = await createFeedback(db, general({ callbackPhone: '12345' }), { today: TODAY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.callbackPhone?.code).toBe('PHONE_FORMAT');
    expect(Object.keys(result.errors)).toEqual(['callbackPhone']);
    expect(await dumpDb(db)).toEqual(before);
  });

  it('refuses text over 500 characters after trimming, and accepts exactly 500', async () => {
    const tooLong = await createFeedback(db, general({ text: '字'.repeat(FEEDBACK_TEXT_MAX + 1) }), { today: TODAY });
    expect(!tooLong.ok && tooLong.errors.text).toEqual({ code: 'TOO_LONG', max: 500, length: 501 });
    const exact = await createFeedback(db, general({ text: `  ${'字'.repeat(FEEDBACK_TEXT_MAX)}  ` }), { today: TODAY });
    expect(exact.ok && exact.feedback.text.length).toBe(FEEDBACK_TEXT_MAX);
    expect(await db.feedback.count()).toBe(1);
  });

  it('keeps markup as plain text, character for character', async () => {
    const markup = '<img src=x onerror="alert(1)"><script>alert(2)</script>&amp;';
    const result = await createFeedback(db, general({ text: markup }), { today: TODAY });
    expect(result.ok && result.feedback.text).toBe(markup);
    expect(result.ok && (await findFeedbackByLocalNo(db, result.feedback.localNo))?.text).toBe(markup);
  });

  it('gives every ticket its own number, also when filed at once, in one daily sequence shared with cases', async () => {
    await db.counters.put({ key: 'receipt:240902', value: 4 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => createFeedback(db, general({ text: `意见 ${i}` }), { today: TODAY })));
    const numbers = results.map((r) => (r.ok ? r.feedback.localNo : 'failed'));
    expect(new Set(numbers).size).toBe(6);
    expect([...numbers].sort()).toEqual(['240902005', '240902006', '240902007', '240902008', '240902009', '240902010']);
    const nextDay = await createFeedback(db, general(), { today: '2024-09-03' });
    expect(nextDay.ok && nextDay.feedback.localNo).toBe('240903001');
    expect(await db.auditLog.count()).toBe(7);
  });

  it('refuses a subject the kiosk does not hold, a bad category and an empty general note, each on its field', async () => {
    const unknownProgram = await createFeedback(db, objection({ subject: { kind: 'program', programId: 'ZZZZ-2024' } }), { today: TODAY });
    expect(!unknownProgram.ok && unknownProgram.errors.subject?.code).toBe('UNKNOWN_PROGRAM');
    const wrongRow = await createFeedback(db, objection({ subject: { kind: 'disbursement', programId: programs[0]!.id, disbursementId: ROW.id } }), { today: TODAY });
    expect(!wrongRow.ok && wrongRow.errors.subject?.code).toBe('UNKNOWN_DISBURSEMENT');
    const badCategory = await createFeedback(db, general({ category: 'praise' }), { today: TODAY });
    expect(!badCategory.ok && badCategory.errors.category?.code).toBe('INVALID');
    const generalObjection = await createFeedback(db, general({ category: 'objection' }), { today: TODAY });
    expect(!generalObjection.ok && generalObjection.errors.category?.code).toBe('OBJECTION_NEEDS_SUBJECT');
    const empty = await createFeedback(db, general({ text: '   ' }), { today: TODAY });
    expect(!empty.ok && empty.errors.text?.code).toBe('TEXT_REQUIRED');
    const notText = await createFeedback(db, general({ text: 42, callbackPhone: 13800138000 }), { today: TODAY });
    expect(!notText.ok && notText.errors).toEqual({ text: { code: 'INVALID' }, callbackPhone: { code: 'INVALID' } });
    expect(await db.feedback.count()).toBe(0);
    expect(await db.counters.count()).toBe(0);
  });

  it('opens objections with the public notice, judged by the later of the kiosk clock and the data date', async () => {
    await db.programs.put({ ...PROGRAM, id: 'GDLB-2025', year: 2025, noticeFrom: '2025-04-01', noticeTo: '2025-04-08' });
    const early = await createFeedback(db, objection({ subject: { kind: 'program', programId: 'GDLB-2025' } }), { today: TODAY });
    expect(!early.ok && early.errors.subject).toEqual({ code: 'NOTICE_NOT_OPEN', opensOn: '2025-04-01' });
    // A question about the same program is fine before the notice.
    const question = await createFeedback(db, objection({ subject: { kind: 'program', programId: 'GDLB-2025' }, category: 'consultation' }), { today: TODAY });
    expect(question.ok).toBe(true);
    // A kiosk clock stuck in the past does not keep the window shut once the data is newer.
    await db.meta.put({ key: 'dataAsOf', value: '2025-04-02' });
    const later = await createFeedback(db, objection({ subject: { kind: 'program', programId: 'GDLB-2025' } }), { today: '2020-01-01' });
    expect(later.ok).toBe(true);
  });
});
