import { describe, expect, it } from 'vitest';
import { parsePhone } from '../../../shared/identity/phone';

function codeOf(text: string): string {
  const result = parsePhone(text);
  return result.ok ? 'OK' : result.code;
}

describe('parsePhone', () => {
  it('accepts mainland mobiles and keeps digits only', () => {
    expect(parsePhone('13912345678')).toEqual({ ok: true, value: '13912345678', kind: 'mobile' });
    expect(parsePhone(' 139 1234 5678 ')).toMatchObject({ ok: true, value: '13912345678' });
    expect(parsePhone('139-1234-5678')).toMatchObject({ ok: true, value: '13912345678' });
    expect(parsePhone('19900001111')).toMatchObject({ ok: true, value: '19900001111' });
  });

  it('rejects mobiles with a wrong second digit or length', () => {
    expect(codeOf('12912345678')).toBe('FORMAT');
    expect(codeOf('10012345678')).toBe('FORMAT');
    expect(codeOf('1391234567')).toBe('FORMAT');
    expect(codeOf('139123456789')).toBe('FORMAT');
  });

  it('accepts landlines with 2- and 3-digit area codes, with or without the dash', () => {
    expect(parsePhone('0551-62345678')).toEqual({ ok: true, value: '0551-62345678', kind: 'landline' });
    expect(parsePhone('0551 6234567')).toMatchObject({ ok: true, value: '0551-6234567' });
    expect(parsePhone('055162345678')).toMatchObject({ ok: true, value: '0551-62345678' });
    expect(parsePhone('010-87654321')).toMatchObject({ ok: true, value: '010-87654321' });
    expect(parsePhone('02187654321')).toMatchObject({ ok: true, value: '021-87654321' });
    expect(parsePhone('0556 - 1234567')).toMatchObject({ ok: true, value: '0556-1234567' });
  });

  it('rejects landlines with a short number, no area code or a dash in the wrong place', () => {
    expect(codeOf('0551-123456')).toBe('FORMAT');
    expect(codeOf('62345678')).toBe('FORMAT');
    expect(codeOf('05-5162345678')).toBe('FORMAT');
    expect(codeOf('0551-623456789')).toBe('FORMAT');
  });

  it('tells an empty field from a malformed one', () => {
    expect(codeOf('')).toBe('EMPTY');
    expect(codeOf('   ')).toBe('EMPTY');
    expect(codeOf('139abc45678')).toBe('FORMAT');
    expect(codeOf('<script>')).toBe('FORMAT');
    const result = parsePhone('12345');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/mobile/);
  });
});
