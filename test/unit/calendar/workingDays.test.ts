import { describe, expect, it } from 'vitest';
import { addWorkingDays, calendarDaysBetween, isWorkingDay } from '../../../shared/calendar/workingDays';
import type { Holiday } from '../../../shared/domain/serviceItem';

/** The 2025 National Day arrangement: Oct 1–8 off, Sep 28 (Sun) and Oct 11 (Sat) worked. */
const NATIONAL_DAY_2025: Holiday[] = [
  ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d): Holiday => ({ date: `2025-10-${d}`, name: '国庆节、中秋节', kind: 'off' })),
  { date: '2025-09-28', name: '国庆节调休', kind: 'workday' },
  { date: '2025-10-11', name: '国庆节调休', kind: 'workday' },
];
const NEW_YEAR_2026: Holiday[] = [
  { date: '2026-01-01', name: '元旦', kind: 'off' },
  { date: '2026-01-02', name: '元旦', kind: 'off' },
  { date: '2026-01-04', name: '元旦调休', kind: 'workday' },
];

describe('isWorkingDay', () => {
  it('knows weekdays, weekends, holidays and 调休 days', () => {
    expect(isWorkingDay('2026-11-27', [])).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', [])).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', [])).toBe(false); // Sunday
    expect(isWorkingDay('2025-10-01', NATIONAL_DAY_2025)).toBe(false); // Wednesday, holiday
    expect(isWorkingDay('2025-10-11', NATIONAL_DAY_2025)).toBe(true); // Saturday, worked
  });

  it('rejects impossible dates', () => {
    expect(() => isWorkingDay('2026-02-30', [])).toThrow();
    expect(() => isWorkingDay('26-11-27', [])).toThrow();
  });
});

describe('addWorkingDays', () => {
  it('does not count the start day and skips weekends', () => {
    expect(addWorkingDays('2026-11-23', 1, [])).toBe('2026-11-24'); // Mon → Tue
    expect(addWorkingDays('2026-11-27', 1, [])).toBe('2026-11-30'); // Fri → Mon
    expect(addWorkingDays('2026-11-27', 5, [])).toBe('2026-12-04'); // across a month end
    expect(addWorkingDays('2026-11-28', 1, [])).toBe('2026-11-30'); // started on a Saturday
    expect(addWorkingDays('2026-11-23', 10, [])).toBe('2026-12-07');
  });

  it('skips a holiday week and counts the 调休 Saturday', () => {
    // Tue Sep 30 + 1: Oct 1–8 are off, Oct 9 (Thu) is the first working day.
    expect(addWorkingDays('2025-09-30', 1, NATIONAL_DAY_2025)).toBe('2025-10-09');
    // Oct 9 (Thu), Oct 10 (Fri), Oct 11 (Sat, worked).
    expect(addWorkingDays('2025-09-30', 3, NATIONAL_DAY_2025)).toBe('2025-10-11');
    expect(addWorkingDays('2025-09-30', 4, NATIONAL_DAY_2025)).toBe('2025-10-13');
    // Without the calendar the same start lands inside the holiday.
    expect(addWorkingDays('2025-09-30', 1, [])).toBe('2025-10-01');
    // Fri Sep 26 + 1: the worked Sunday Sep 28 counts.
    expect(addWorkingDays('2025-09-26', 1, NATIONAL_DAY_2025)).toBe('2025-09-28');
  });

  it('crosses the year end', () => {
    // Wed 2025-12-31 + 1: Jan 1–2 off, Jan 3 Sat, Jan 4 Sun worked.
    expect(addWorkingDays('2025-12-31', 1, NEW_YEAR_2026)).toBe('2026-01-04');
    expect(addWorkingDays('2025-12-31', 2, NEW_YEAR_2026)).toBe('2026-01-05');
    expect(addWorkingDays('2025-12-29', 3, [])).toBe('2026-01-01');
    expect(addWorkingDays('2025-12-29', 3, NEW_YEAR_2026)).toBe('2026-01-04');
  });

  it('handles February in leap and common years', () => {
    expect(addWorkingDays('2024-02-28', 1, [])).toBe('2024-02-29');
    expect(addWorkingDays('2025-02-28', 1, [])).toBe('2025-03-03');
  });

  it('refuses a non-positive or fractional number of days', () => {
    expect(() => addWorkingDays('2026-11-27', 0, [])).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-27', 1.5, [])).toThrow(RangeError);
  });

  it('counts 120 working days without running out', () => {
    const deadline = addWorkingDays('2026-01-05', 120, []);
    expect(calendarDaysBetween('2026-01-05', deadline)).toBe(168);
  });
});
