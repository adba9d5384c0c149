import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTALL_WINDOW, installWindowSchema, isInsideWindow, mayInstallNow, minutesOfDay } from '../../../../electron/logic/updates/installWindow';

const at = (clock: string) => minutesOfDay(clock);

describe('the night install window', () => {
  it('opens at the start minute and closes at the end minute (01:00–05:00 by default)', () => {
    expect(isInsideWindow(at('00:59'), DEFAULT_INSTALL_WINDOW)).toBe(false);
    expect(isInsideWindow(at('01:00'), DEFAULT_INSTALL_WINDOW)).toBe(true);
    expect(isInsideWindow(at('04:59'), DEFAULT_INSTALL_WINDOW)).toBe(true);
    expect(isInsideWindow(at('05:00'), DEFAULT_INSTALL_WINDOW)).toBe(false);
    expect(isInsideWindow(at('13:00'), DEFAULT_INSTALL_WINDOW)).toBe(false);
  });

  it('spans midnight when the end is earlier than the start', () => {
    const window = { start: '23:30', end: '02:00' };
    expect(isInsideWindow(at('23:29'), window)).toBe(false);
    expect(isInsideWindow(at('23:30'), window)).toBe(true);
    expect(isInsideWindow(at('00:00'), window)).toBe(true);
    expect(isInsideWindow(at('01:59'), window)).toBe(true);
    expect(isInsideWindow(at('02:00'), window)).toBe(false);
    expect(isInsideWindow(at('12:00'), window)).toBe(false);
  });

  it('is empty when start equals end: the administrator switched installing off', () => {
    for (let minute = 0; minute < 24 * 60; minute += 17) expect(isInsideWindow(minute, { start: '03:00', end: '03:00' })).toBe(false);
  });

  it('installs only when also idle long enough', () => {
    const night = at('02:00');
    expect(mayInstallNow({ localMinutes: night, idleSeconds: 15 * 60 }, DEFAULT_INSTALL_WINDOW)).toBe(true);
    expect(mayInstallNow({ localMinutes: night, idleSeconds: 60 }, DEFAULT_INSTALL_WINDOW)).toBe(false);
    expect(mayInstallNow({ localMinutes: at('10:00'), idleSeconds: 99_999 }, DEFAULT_INSTALL_WINDOW)).toBe(false);
  });

  it('refuses a malformed window setting', () => {
    expect(installWindowSchema.safeParse({ start: '1:00', end: '05:00', minIdleSeconds: 0 }).success).toBe(false);
    expect(installWindowSchema.safeParse({ start: '24:00', end: '05:00', minIdleSeconds: 0 }).success).toBe(false);
    expect(installWindowSchema.safeParse({ start: '01:00', end: '05:00', minIdleSeconds: -1 }).success).toBe(false);
    expect(installWindowSchema.parse(DEFAULT_INSTALL_WINDOW)).toEqual(DEFAULT_INSTALL_WINDOW);
  });
});
