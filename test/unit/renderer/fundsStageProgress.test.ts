import { describe, expect, it } from 'vitest';
import { STAGE_KINDS, type AllocationStage } from '../../../shared/domain/fundProgram';
import { stageSteps } from '../../../renderer/src/components/funds/stageProgress';

const stage = (kind: AllocationStage['kind'], date: string): AllocationStage => ({ kind, date, note: '' });

describe('allocation stage progress', () => {
  it('lists every stage kind in the fixed order whatever order the county sent', () => {
    const steps = stageSteps([stage('payment', '2024-06-01'), stage('plan', '2024-03-01'), stage('notice', '2024-04-10')], null);
    expect(steps.map((s) => s.kind)).toEqual([...STAGE_KINDS]);
  });

  it('marks the last reached stage current, earlier ones done (even without a date) and later ones upcoming', () => {
    const steps = stageSteps([stage('plan', '2024-03-01'), stage('notice', '2024-04-10'), stage('townshipReview', '2024-04-25'), stage('payment', '2024-06-01')], '2024-05-01');
    expect(steps.map((s) => [s.kind, s.state, s.date])).toEqual([
      ['plan', 'done', '2024-03-01'],
      ['register', 'done', null],
      ['notice', 'done', '2024-04-10'],
      ['townshipReview', 'current', '2024-04-25'],
      ['countyApproval', 'upcoming', null],
      ['payment', 'upcoming', '2024-06-01'],
      ['done', 'upcoming', null],
    ]);
  });

  it('judges progress by the data date, not by a clock: a stage dated on the data date is reached', () => {
    const stages = [stage('plan', '2024-03-01'), stage('register', '2024-03-20')];
    expect(stageSteps(stages, '2024-03-20').find((s) => s.state === 'current')?.kind).toBe('register');
    expect(stageSteps(stages, '2024-03-19').find((s) => s.state === 'current')?.kind).toBe('plan');
  });

  it('has no current stage before the first one is reached', () => {
    const steps = stageSteps([stage('plan', '2030-01-01')], '2024-01-01');
    expect(steps.every((s) => s.state === 'upcoming')).toBe(true);
  });

  it('makes "done" the current stage of a completed program', () => {
    const all = STAGE_KINDS.map((kind, i) => stage(kind, `2024-0${i + 1}-01`));
    const steps = stageSteps(all, null);
    expect(steps.at(-1)).toMatchObject({ kind: 'done', state: 'current' });
    expect(steps.slice(0, -1).every((s) => s.state === 'done')).toBe(true);
  });
});
