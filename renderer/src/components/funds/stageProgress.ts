import { STAGE_KINDS, type AllocationStage, type StageKind } from '../../../../shared/domain/fundProgram';

export type StageState = 'done' | 'current' | 'upcoming';

export interface StageStep {
  kind: StageKind;
  /** The published date: when it happened, or when it is planned for an upcoming step. */
  date: string | null;
  note: string;
  state: StageState;
}

/**
 * Every allocation step in its fixed order, with where the program stands. A step has been reached
 * when its date is on or before the county's data date (`asOf`); the kiosk's own clock may be years
 * wrong and is never consulted. Without a data date, every published step counts as reached.
 * The current step is the last one reached; earlier steps are done even when the county left out
 * their date, later ones are upcoming.
 */
export function stageSteps(stages: readonly AllocationStage[], asOf: string | null): StageStep[] {
  const byKind = new Map(stages.map((s) => [s.kind, s]));
  const reached = (s: AllocationStage | undefined) => s !== undefined && (asOf === null || s.date <= asOf);
  let currentIndex = -1;
  STAGE_KINDS.forEach((kind, index) => {
    if (reached(byKind.get(kind))) currentIndex = index;
  });
  return STAGE_KINDS.map((kind, index) => {
    const stage = byKind.get(kind);
    const state: StageState = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'upcoming';
    return { kind, date: stage?.date ?? null, note: stage?.note ?? '', state };
  });
}
