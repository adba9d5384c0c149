import { describe, expect, it } from 'vitest';
import { CASE_STATES, type CaseState } from '../../../shared/domain/case';
import { allowedTransitions, checkTransition, isFinalState, isOverdue, reasonRequired } from '../../../shared/cases/transitions';

const EXPECTED: Record<CaseState, CaseState[]> = {
  entrusted: ['accepted', 'declined', 'terminated'],
  accepted: ['awaitingMaterials', 'submitted', 'terminated'],
  awaitingMaterials: ['submitted', 'declined', 'terminated'],
  submitted: ['completed', 'awaitingMaterials', 'declined', 'terminated'],
  completed: ['handedBack'],
  handedBack: ['renewed'],
  renewed: ['accepted', 'submitted', 'terminated'],
  declined: [],
  terminated: [],
};

describe('allowedTransitions', () => {
  it('is exactly the lifecycle table', () => {
    for (const state of CASE_STATES) expect(allowedTransitions(state).sort()).toEqual([...EXPECTED[state]].sort());
  });

  it('returns a copy callers cannot use to change the table', () => {
    allowedTransitions('completed').push('entrusted');
    expect(allowedTransitions('completed')).toEqual(['handedBack']);
  });

  it('marks declined and terminated as final', () => {
    expect(CASE_STATES.filter(isFinalState).sort()).toEqual(['declined', 'terminated']);
  });
});

describe('checkTransition', () => {
  it('accepts every legal move with a reason and refuses every other pair', () => {
    for (const from of CASE_STATES) {
      for (const to of CASE_STATES) {
        const result = checkTransition(from, to, 'because');
        expect(result.ok, `${from} → ${to}`).toBe(EXPECTED[from].includes(to));
        if (!result.ok) expect(result.code).toBe('ILLEGAL_TRANSITION');
      }
    }
  });

  it('needs a reason for declined, terminated and awaitingMaterials only', () => {
    expect(CASE_STATES.filter(reasonRequired).sort()).toEqual(['awaitingMaterials', 'declined', 'terminated']);
    expect(checkTransition('entrusted', 'declined', '  ')).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(checkTransition('accepted', 'awaitingMaterials', '')).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(checkTransition('renewed', 'terminated', '')).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(checkTransition('entrusted', 'accepted', '')).toEqual({ ok: true });
  });

  it('reports an illegal move before a missing reason, with a message naming the states', () => {
    const result = checkTransition('completed', 'declined', '');
    expect(result).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    if (!result.ok) expect(result.message).toContain('handedBack');
    const final = checkTransition('terminated', 'accepted', 'x');
    if (!final.ok) expect(final.message).toMatch(/final/);
  });
});

describe('isOverdue', () => {
  it('is late only after the deadline day and only while unsettled', () => {
    expect(isOverdue({ deadline: '2026-11-27', state: 'accepted' }, '2026-11-27')).toBe(false);
    expect(isOverdue({ deadline: '2026-11-27', state: 'accepted' }, '2026-11-28')).toBe(true);
    expect(isOverdue({ deadline: '2026-11-27', state: 'entrusted' }, '2027-01-01')).toBe(true);
    expect(isOverdue({ deadline: '2026-11-27', state: 'awaitingMaterials' }, '2026-12-01')).toBe(true);
    expect(isOverdue({ deadline: '2026-11-27', state: 'renewed' }, '2026-12-01')).toBe(true);
    for (const state of ['completed', 'handedBack', 'declined', 'terminated'] as const) {
      expect(isOverdue({ deadline: '2026-11-27', state }, '2026-12-01')).toBe(false);
    }
  });
});
