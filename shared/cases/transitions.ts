import type { CaseRecord, CaseState } from '../domain/case';

/**
 * The case lifecycle, defined once: the kiosk's buttons, the repository's guard, the fold of
 * events from the village and the county, and the county server all read this table.
 */
const LEGAL_TRANSITIONS: Readonly<Record<CaseState, readonly CaseState[]>> = {
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

/** Moving into these states must say why: the resident is told the reason. */
export const STATES_NEEDING_REASON: readonly CaseState[] = ['declined', 'terminated', 'awaitingMaterials'];

/** No deadline applies any more: the work is done or will not be done. */
export const SETTLED_STATES: readonly CaseState[] = ['completed', 'handedBack', 'declined', 'terminated'];

export function allowedTransitions(from: CaseState): CaseState[] {
  return [...LEGAL_TRANSITIONS[from]];
}

export function reasonRequired(to: CaseState): boolean {
  return STATES_NEEDING_REASON.includes(to);
}

export function isFinalState(state: CaseState): boolean {
  return LEGAL_TRANSITIONS[state].length === 0;
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; code: 'ILLEGAL_TRANSITION' | 'REASON_REQUIRED'; message: string };

export function checkTransition(from: CaseState, to: CaseState, reason: string): TransitionCheck {
  if (!LEGAL_TRANSITIONS[from].includes(to)) {
    const allowed = LEGAL_TRANSITIONS[from];
    const hint = allowed.length === 0 ? `${from} is final` : `from ${from} a case may go to ${allowed.join(', ')}`;
    return { ok: false, code: 'ILLEGAL_TRANSITION', message: `a case cannot go from ${from} to ${to}: ${hint}` };
  }
  if (reasonRequired(to) && reason.trim() === '') {
    return { ok: false, code: 'REASON_REQUIRED', message: `moving a case to ${to} needs a reason the resident can read` };
  }
  return { ok: true };
}

/** Past its deadline (the deadline day itself still counts as on time) and not yet settled. */
export function isOverdue(caseRecord: Pick<CaseRecord, 'deadline' | 'state'>, todayIso: string): boolean {
  return caseRecord.deadline < todayIso && !SETTLED_STATES.includes(caseRecord.state);
}
