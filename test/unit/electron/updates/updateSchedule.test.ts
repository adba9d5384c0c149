import { describe, expect, it } from 'vitest';
import type { UpdateManifest } from '../../../../shared/updates/manifest';
import { minutesOfDay, DEFAULT_INSTALL_WINDOW } from '../../../../electron/logic/updates/installWindow';
import { initialRollbackState, type RollbackState } from '../../../../electron/logic/updates/rollbackState';
import { DEFAULT_CHECK_INTERVAL_MS, nextUpdateStep, type UpdateSituation } from '../../../../electron/logic/updates/updateSchedule';

const manifest: UpdateManifest = {
  id: '0123456789abcdef01234567',
  version: '1.2.0',
  platform: 'linux',
  arch: 'arm64',
  format: 'deb',
  fileName: 'village-kiosk_1.2.0_arm64.deb',
  size: 10,
  sha256: 'd'.repeat(64),
  publishedAt: '2026-11-27T10:00:00.000Z',
};

const base: UpdateSituation = {
  enrolled: true,
  online: true,
  lastCheckAt: null,
  now: 1_000_000,
  checkIntervalMs: DEFAULT_CHECK_INTERVAL_MS,
  wanted: null,
  ready: null,
  rollback: initialRollbackState('1.1.0'),
  moment: { localMinutes: minutesOfDay('14:00'), idleSeconds: 0 },
  window: DEFAULT_INSTALL_WINDOW,
};

describe('when to check, download and install', () => {
  it('checks when online and due, downloads what was chosen at any hour, waits offline', () => {
    expect(nextUpdateStep(base)).toEqual({ kind: 'check' });
    expect(nextUpdateStep({ ...base, lastCheckAt: base.now - 1000 })).toEqual({ kind: 'wait' });
    expect(nextUpdateStep({ ...base, lastCheckAt: base.now - DEFAULT_CHECK_INTERVAL_MS })).toEqual({ kind: 'check' });
    expect(nextUpdateStep({ ...base, wanted: manifest })).toEqual({ kind: 'download', manifest });
    expect(nextUpdateStep({ ...base, online: false, wanted: manifest })).toEqual({ kind: 'wait' });
    expect(nextUpdateStep({ ...base, enrolled: false })).toEqual({ kind: 'wait' });
  });

  it('installs a ready file only at night and when idle, even offline', () => {
    const ready = { manifest, path: '/u/x.deb' };
    expect(nextUpdateStep({ ...base, ready })).toEqual({ kind: 'wait' });
    const night = { localMinutes: minutesOfDay('02:30'), idleSeconds: 3600 };
    expect(nextUpdateStep({ ...base, ready, online: false, moment: night })).toEqual({ kind: 'install', manifest, path: '/u/x.deb' });
    expect(nextUpdateStep({ ...base, ready, moment: { ...night, idleSeconds: 30 } })).toEqual({ kind: 'wait' });
  });

  it('does nothing on top of an unconfirmed version, and never installs a refused one', () => {
    const night = { localMinutes: minutesOfDay('02:30'), idleSeconds: 3600 };
    const pending: RollbackState = { format: 1, phase: 'pending', version: '1.1.0', previous: '1.0.0', previousInstaller: null, launches: 1, refused: [] };
    expect(nextUpdateStep({ ...base, rollback: pending, ready: { manifest, path: '/u' }, moment: night })).toEqual({ kind: 'wait' });
    const refused: RollbackState = { ...initialRollbackState('1.1.0'), refused: ['1.2.0'] };
    expect(nextUpdateStep({ ...base, rollback: refused, ready: { manifest, path: '/u' }, moment: night })).toEqual({ kind: 'wait' });
    expect(nextUpdateStep({ ...base, rollback: refused, wanted: manifest })).toEqual({ kind: 'check' });
  });
});
