import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ROLLBACK_POLICY,
  initialRollbackState,
  parseRollbackState,
  serializeRollbackState,
  stepRollback,
  type RollbackEvent,
  type RollbackState,
} from '../../../../electron/logic/updates/rollbackState';

const INSTALLER_Y = '/data/updates/prev/Village Kiosk Setup 1.1.0.exe';

/** Runs events through the machine, persisting between each like main does, and collects the actions. */
function run(state: RollbackState, events: RollbackEvent[]) {
  const actions = [];
  for (const event of events) {
    const step = stepRollback(parseRollbackState(serializeRollbackState(state), '0.0.0'), event);
    state = step.state;
    actions.push(step.action);
  }
  return { state, actions };
}

const install: RollbackEvent = { kind: 'install-started', version: '1.2.0', previous: '1.1.0', previousInstaller: INSTALLER_Y };

describe('rollback after a failed start', () => {
  it('a new version that confirms a healthy start becomes the stable one', () => {
    const { state, actions } = run(initialRollbackState('1.1.0'), [install, { kind: 'launched', running: '1.2.0' }, { kind: 'healthy', running: '1.2.0' }]);
    expect(actions.map((a) => a.kind)).toEqual(['none', 'await-health', 'none']);
    expect(actions[1]).toEqual({ kind: 'await-health', deadlineSeconds: DEFAULT_ROLLBACK_POLICY.healthDeadlineSeconds });
    expect(state).toEqual({ format: 1, phase: 'stable', version: '1.2.0', refused: [] });
  });

  it('a crash on start (launched again without confirming) goes back to the previous version on the next launch', () => {
    const { state, actions } = run(initialRollbackState('1.1.0'), [install, { kind: 'launched', running: '1.2.0' }, { kind: 'launched', running: '1.2.0' }]);
    expect(actions[2]).toEqual({ kind: 'roll-back', version: '1.1.0', failed: '1.2.0', installer: INSTALLER_Y });
    expect(state).toMatchObject({ phase: 'rolling-back', version: '1.1.0', failed: '1.2.0', refused: ['1.2.0'] });
  });

  it('a start that hangs past the health deadline goes back too', () => {
    const { actions } = run(initialRollbackState('1.1.0'), [install, { kind: 'launched', running: '1.2.0' }, { kind: 'health-deadline-passed', running: '1.2.0' }]);
    expect(actions[2]).toMatchObject({ kind: 'roll-back', version: '1.1.0' });
  });

  it('once back on the previous version it is stable again and the failed version is never offered again', () => {
    const { state, actions } = run(initialRollbackState('1.1.0'), [
      install,
      { kind: 'launched', running: '1.2.0' },
      { kind: 'health-deadline-passed', running: '1.2.0' },
      { kind: 'launched', running: '1.1.0' },
    ]);
    expect(actions[3]).toEqual({ kind: 'rolled-back', version: '1.1.0', failed: '1.2.0' });
    expect(state).toEqual({ format: 1, phase: 'stable', version: '1.1.0', refused: ['1.2.0'] });
  });

  it('retries going back a bounded number of times, then gives up and stays on what runs', () => {
    const events: RollbackEvent[] = [install, { kind: 'launched', running: '1.2.0' }, { kind: 'launched', running: '1.2.0' }];
    for (let i = 0; i < DEFAULT_ROLLBACK_POLICY.maxRollbackAttempts; i++) events.push({ kind: 'launched', running: '1.2.0' });
    const { state, actions } = run(initialRollbackState('1.1.0'), events);
    const kinds = actions.map((a) => a.kind);
    expect(kinds.filter((k) => k === 'roll-back')).toHaveLength(DEFAULT_ROLLBACK_POLICY.maxRollbackAttempts);
    expect(kinds.at(-1)).toBe('rollback-gave-up');
    expect(state).toMatchObject({ phase: 'stable', version: '1.2.0', refused: ['1.2.0'] });
  });

  it('an installer that never replaced the app leaves the old version stable and the new one refused', () => {
    const { state } = run(initialRollbackState('1.1.0'), [install, { kind: 'launched', running: '1.1.0' }]);
    expect(state).toEqual({ format: 1, phase: 'stable', version: '1.1.0', refused: ['1.2.0'] });
  });

  it('a healthy signal from another version, or a late deadline, changes nothing', () => {
    const pending = run(initialRollbackState('1.1.0'), [install, { kind: 'launched', running: '1.2.0' }]).state;
    expect(stepRollback(pending, { kind: 'healthy', running: '1.1.0' }).state).toEqual(pending);
    const stable = stepRollback(pending, { kind: 'healthy', running: '1.2.0' }).state;
    expect(stepRollback(stable, { kind: 'health-deadline-passed', running: '1.2.0' })).toEqual({ state: stable, action: { kind: 'none' } });
  });

  it('allows more unconfirmed launches when the policy says so (e.g. power cuts during first start)', () => {
    const policy = { ...DEFAULT_ROLLBACK_POLICY, unconfirmedLaunchesAllowed: 2 };
    let state = stepRollback(initialRollbackState('1.1.0'), install, policy).state;
    const kinds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const step = stepRollback(state, { kind: 'launched', running: '1.2.0' }, policy);
      state = step.state;
      kinds.push(step.action.kind);
    }
    expect(kinds).toEqual(['await-health', 'await-health', 'roll-back']);
  });

  it('reads a missing or corrupt state file as a fresh stable state of the running version', () => {
    expect(parseRollbackState(null, '1.1.0')).toEqual(initialRollbackState('1.1.0'));
    expect(parseRollbackState('{"format":1,"phase":"pending"', '1.1.0')).toEqual(initialRollbackState('1.1.0'));
    expect(parseRollbackState('{"format":2,"phase":"stable","version":"1.0.0","refused":[]}', '1.1.0')).toEqual(initialRollbackState('1.1.0'));
  });
});
