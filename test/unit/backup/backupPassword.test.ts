import { describe, expect, it } from 'vitest';
import { backupPasswordProblem } from '../../../renderer/src/backup/backupPassword';

describe('backup password rules', () => {
  it('needs at least 8 characters, counted as typed (a Chinese character is one)', () => {
    expect(backupPasswordProblem('1234567', '1234567')).toBe('tooShort');
    expect(backupPasswordProblem('12345678', '12345678')).toBeNull();
    expect(backupPasswordProblem('村务备份密码七', '村务备份密码七')).toBe('tooShort');
    expect(backupPasswordProblem('村务备份密码八个', '村务备份密码八个')).toBeNull();
  });

  it('needs the same password twice', () => {
    expect(backupPasswordProblem('usb-stick-2026', 'usb-stick-2025')).toBe('mismatch');
    expect(backupPasswordProblem('usb-stick-2026', '')).toBe('mismatch');
  });

  it('refuses a password over 128 characters', () => {
    expect(backupPasswordProblem('x'.repeat(129), 'x'.repeat(129))).toBe('tooLong');
    expect(backupPasswordProblem('x'.repeat(128), 'x'.repeat(128))).toBeNull();
  });
});
