import { describe, expect, it } from 'vitest';
import { loadUnattendedSettings, unattendedSettingsPath } from '../../../../electron/logic/unattendedSettings';
import { TOUCH_MODE_CSS, touchModeCss } from '../../../../electron/logic/touchMode';
import { DEFAULT_UNATTENDED_SETTINGS, minutesOfDay, parseUnattendedSettings } from '../../../../shared/unattended/settings';

describe('unattended settings schema', () => {
  it('accepts the administrator’s hours and touch mode', () => {
    expect(parseUnattendedSettings({ openingHours: { from: '08:00', to: '17:30' }, touchMode: true })).toEqual({
      ok: true,
      value: { openingHours: { from: '08:00', to: '17:30' }, touchMode: true },
    });
    expect(parseUnattendedSettings({ openingHours: null, touchMode: false }).ok).toBe(true);
  });

  it('fills fields an older file lacks with the defaults', () => {
    expect(parseUnattendedSettings({ touchMode: true })).toEqual({ ok: true, value: { ...DEFAULT_UNATTENDED_SETTINGS, touchMode: true } });
    expect(parseUnattendedSettings({})).toEqual({ ok: true, value: DEFAULT_UNATTENDED_SETTINGS });
  });

  it.each([
    [{ openingHours: { from: '7:30', to: '20:00' } }, 'openingHours.from'],
    [{ openingHours: { from: '07:30', to: '24:00' } }, 'openingHours.to'],
    [{ openingHours: { from: '08:00', to: '08:00' } }, 'openingHours'],
    [{ openingHours: { from: '08:00', to: '18:00', days: 5 } }, 'openingHours'],
    [{ touchMode: 'yes' }, 'touchMode'],
    [{ extra: 1 }, '(settings)'],
  ])('rejects %j as a whole, naming %s', (input, path) => {
    const result = parseUnattendedSettings(input);
    expect(result.ok).toBe(false);
    expect(result.value).toEqual(DEFAULT_UNATTENDED_SETTINGS);
    if (!result.ok) expect(result.problems.join('\n')).toContain(path);
  });

  it('rejects what is not an object', () => {
    expect(parseUnattendedSettings('07:30-20:00').ok).toBe(false);
    expect(parseUnattendedSettings([]).ok).toBe(false);
    expect(parseUnattendedSettings(null).ok).toBe(false);
  });

  it('converts clock times to minutes', () => {
    expect(minutesOfDay('00:00')).toBe(0);
    expect(minutesOfDay('07:30')).toBe(450);
    expect(minutesOfDay('23:59')).toBe(1439);
    expect(() => minutesOfDay('25:00')).toThrow();
  });
});

describe('settings file', () => {
  it('lives in userData', () => {
    expect(unattendedSettingsPath('/data/kiosk')).toMatch(/kiosk[\\/]unattended-settings\.json$/);
  });

  it('uses the defaults quietly without a file and loudly with a broken one', () => {
    expect(loadUnattendedSettings(() => null)).toEqual({ settings: DEFAULT_UNATTENDED_SETTINGS, warnings: [] });
    const broken = loadUnattendedSettings(() => '{ "touchMode": tru');
    expect(broken.settings).toEqual(DEFAULT_UNATTENDED_SETTINGS);
    expect(broken.warnings[0]).toMatch(/not valid JSON/);
    const invalid = loadUnattendedSettings(() => '{ "openingHours": { "from": "18:00", "to": "18:00" } }');
    expect(invalid.warnings[0]).toMatch(/openingHours/);
    const unreadable = loadUnattendedSettings(() => {
      throw new Error('EACCES');
    });
    expect(unreadable.warnings[0]).toMatch(/EACCES/);
  });

  it('reads a valid file', () => {
    expect(loadUnattendedSettings(() => '{"openingHours":{"from":"06:00","to":"21:00"},"touchMode":true}')).toEqual({
      settings: { openingHours: { from: '06:00', to: '21:00' }, touchMode: true },
      warnings: [],
    });
  });
});

describe('touch mode', () => {
  it('hides the cursor everywhere only when enabled', () => {
    expect(touchModeCss({ touchMode: false })).toBeNull();
    expect(touchModeCss({ touchMode: true })).toBe(TOUCH_MODE_CSS);
    expect(TOUCH_MODE_CSS).toMatch(/^\*, \*::before, \*::after \{ cursor: none !important; \}$/);
  });
});
