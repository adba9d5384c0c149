import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseProjection, causalOrder, foldCase } from '../../../shared/cases/fold';
import { CASE_STATES, caseEventSchema, type CaseEvent, type CaseMaterial, type CaseState, type EventAuthor } from '../../../shared/domain/case';
import { completeIdNumber } from '../../../shared/identity/idNumber';

const CASE_ID = '01900000-0000-7000-8000-000000000000';
const DEVICE: EventAuthor = { kind: 'device', id: 'kiosk-1' };
const COUNTY: EventAuthor = { kind: 'county', id: 'county-clerk' };
const APPLICANT_ID = completeIdNumber('34129919870512041');

function eventId(n: number): string {
  return `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
}

function material(name: string, received: boolean): CaseMaterial {
  return { name, copies: 1, original: true, received };
}

function created(): CaseEvent {
  return caseEventSchema.parse({
    id: eventId(0), caseId: CASE_ID, author: DEVICE, authorSeq: 1, parentId: null,
    recordedAt: '2026-11-27T09:15:00+08:00', actorName: '王秀英', type: 'created',
    receiptNo: 'DB-341299101201-261127-007', itemCode: 'YL001', itemName: '养老保险待遇资格认证',
    applicant: { name: '张桂兰', idNumber: APPLICANT_ID, phone: '13912345678', group: 3 },
    materials: [material('身份证', true), material('户口簿', false)], promisedDays: 5, deadline: '2026-12-04',
    householdKey: null, disbursementId: null, note: '',
  });
}

let counter = 1;
function transition(author: EventAuthor, authorSeq: number, parent: CaseEvent, to: CaseState, reason = ''): CaseEvent {
  return { id: eventId(counter++), caseId: CASE_ID, author, authorSeq, parentId: parent.id, recordedAt: '2026-11-28T10:00:00+08:00', actorName: author.kind === 'device' ? '王秀英' : '县民政局', type: 'transition', to, reason };
}

describe('foldCase', () => {
  it('applies a straight line of legal transitions', () => {
    const c = created();
    const a = transition(DEVICE, 2, c, 'accepted');
    const m = transition(DEVICE, 3, a, 'awaitingMaterials', '缺户口簿');
    const s = transition(DEVICE, 4, m, 'submitted');
    const record = foldCase([s, c, m, a]);
    expect(record.state).toBe('submitted');
    expect(record.history.map((h) => h.to)).toEqual(['entrusted', 'accepted', 'awaitingMaterials', 'submitted']);
    expect(record.history[2]?.reason).toBe('缺户口簿');
    expect(record.headEventId).toBe(s.id);
    expect(record.rejectedEventIds).toEqual([]);
    expect(record.localNo).toBe('261127007');
  });

  it('skips an illegal transition, lists it and keeps the head at the last applied event', () => {
    const c = created();
    const done = transition(DEVICE, 2, c, 'completed');
    const record = foldCase([c, done]);
    expect(record.state).toBe('entrusted');
    expect(record.rejectedEventIds).toEqual([done.id]);
    expect(record.headEventId).toBe(c.id);
  });

  it('replaces the materials list with the latest materials event', () => {
    const c = created();
    const update: CaseEvent = { ...transition(DEVICE, 2, c, 'accepted'), type: 'materials', materials: [material('户口簿', true)] } as CaseEvent;
    const record = foldCase([update, c]);
    expect(record.materials).toEqual([material('户口簿', true)]);
    expect(record.history).toHaveLength(1);
    expect(record.headEventId).toBe(update.id);
  });

  it('orders concurrent events by author, not by arrival: the county decline after the device accept', () => {
    const c = created();
    const accept = transition(DEVICE, 2, c, 'accepted');
    const decline = transition(COUNTY, 1, c, 'declined', '不符合条件');
    // Ties: 'county' < 'device', so the county decline applies first; the device accept is then illegal.
    for (const order of [[c, accept, decline], [decline, accept, c]]) {
      const record = foldCase(order);
      expect(record.state).toBe('declined');
      expect(record.rejectedEventIds).toEqual([accept.id]);
    }
  });

  it('ignores duplicates and rejects events of another case or a second creation', () => {
    const c = created();
    const a = transition(DEVICE, 2, c, 'accepted');
    const foreign: CaseEvent = { ...transition(DEVICE, 3, a, 'submitted'), caseId: eventId(999) };
    const second: CaseEvent = { ...c, id: eventId(500), parentId: a.id };
    const record = foldCase([c, a, a, foreign, second]);
    expect(record.state).toBe('accepted');
    expect([...record.rejectedEventIds].sort()).toEqual([foreign.id, second.id].sort());
  });

  it('refuses to fold without a created event', () => {
    const c = created();
    expect(() => foldCase([transition(DEVICE, 2, c, 'accepted')])).toThrow(/created/);
  });

  it('puts every event after its parent', () => {
    const c = created();
    const a = transition(DEVICE, 2, c, 'accepted');
    const b = transition(COUNTY, 1, a, 'submitted');
    const d = transition(DEVICE, 3, b, 'completed');
    expect(causalOrder([d, b, a, c]).map((e) => e.id)).toEqual([c.id, a.id, b.id, d.id]);
  });
});

describe('caseProjection', () => {
  it('adds the flat index fields and never more of the ID than its last four', () => {
    const stored = caseProjection(foldCase([created()]));
    expect(stored.applicantName).toBe('张桂兰');
    expect(stored.applicantIdLast4).toBe(APPLICANT_ID.slice(-4));
    expect(stored.createdDay).toBe('2026-11-27');
    expect(stored.localNo).toBe('261127007');
  });
});

/**
 * Two authors (this kiosk and the county) each write events on top of the newest event they
 * know; now and then one learns of the other's events (sync), so branches run concurrently.
 */
const stepArbitrary = fc.record({
  author: fc.constantFrom<'device' | 'county'>('device', 'county'),
  action: fc.oneof(
    fc.record({ kind: fc.constant('transition' as const), to: fc.constantFrom(...CASE_STATES), withReason: fc.boolean() }),
    fc.record({ kind: fc.constant('materials' as const), received: fc.boolean() }),
    fc.record({ kind: fc.constant('sync' as const), pick: fc.nat() }),
  ),
});

type Step = typeof stepArbitrary extends fc.Arbitrary<infer S> ? S : never;

function buildHistory(steps: Step[]): CaseEvent[] {
  const c = created();
  const events: CaseEvent[] = [c];
  const head: Record<'device' | 'county', CaseEvent> = { device: c, county: c };
  const seq: Record<'device' | 'county', number> = { device: 1, county: 0 };
  for (const [index, step] of steps.entries()) {
    const author = step.author === 'device' ? DEVICE : COUNTY;
    if (step.action.kind === 'sync') {
      head[step.author] = events[step.action.pick % events.length] as CaseEvent;
      continue;
    }
    seq[step.author] += 1;
    const base = { id: eventId(10_000 + index), caseId: CASE_ID, author, authorSeq: seq[step.author], parentId: head[step.author].id, recordedAt: '2026-11-28T10:00:00+08:00', actorName: 'x' };
    const event: CaseEvent = step.action.kind === 'transition'
      ? { ...base, type: 'transition', to: step.action.to, reason: step.action.withReason ? '原因' : '' }
      : { ...base, type: 'materials', materials: [material('户口簿', step.action.received)] };
    events.push(event);
    head[step.author] = event;
  }
  return events;
}

describe('foldCase (property)', () => {
  it('gives the identical case for any arrival order of the same events, duplicates included', () => {
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { minLength: 1, maxLength: 25 }),
        fc.func(fc.integer()),
        fc.nat(),
        (steps, shuffleKey, duplicatePick) => {
          const events = buildHistory(steps);
          const expected = foldCase(events);
          const shuffled = events.map((event, i) => ({ event, key: shuffleKey(i) })).sort((a, b) => a.key - b.key).map((entry) => entry.event);
          shuffled.push(events[duplicatePick % events.length] as CaseEvent);
          expect(foldCase(shuffled)).toEqual(expected);
          expect(foldCase([...events].reverse())).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('only ever reaches states through legal transitions and accounts for every event', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { minLength: 1, maxLength: 25 }), (steps) => {
        const events = buildHistory(steps);
        const record = foldCase(events);
        const applied = record.history.length - 1 + events.filter((e) => e.type === 'materials' && !record.rejectedEventIds.includes(e.id)).length;
        expect(applied + record.rejectedEventIds.length).toBe(events.length - 1);
        const order = causalOrder(events).map((e) => e.id);
        for (const event of events) {
          if (event.parentId) expect(order.indexOf(event.parentId)).toBeLessThan(order.indexOf(event.id));
        }
      }),
      { numRuns: 200 },
    );
  });
});
