import { describe, expect, it } from 'vitest';
import { createPowerScheduler, POWER_RECHECK_MAX_MS, powerSchedule, type DisplayBlocker } from '../../../../electron/logic/powerSchedule';

const hours = { from: '07:30', to: '20:00' };
const CHINA = 480;
/** A Beijing wall-clock time on 27 Nov 2026 as a Date. */
const beijing = (hhmm: string, day = 27): Date => new Date(`2026-11-${day}T${hhmm}:00+08:00`);

describe('powerSchedule', () => {
  it('keeps the display awake during opening hours and says when that ends', () => {
    expect(powerSchedule({ openingHours: hours, now: beijing('12:00'), utcOffsetMinutes: CHINA })).toEqual({
      mode: 'keepAwake',
      nextSwitchAt: beijing('20:00'),
    });
  });

  it('lets it sleep at night until the next opening, also across midnight', () => {
    expect(powerSchedule({ openingHours: hours, now: beijing('22:15'), utcOffsetMinutes: CHINA })).toEqual({
      mode: 'allowSleep',
      nextSwitchAt: beijing('07:30', 28),
    });
    expect(powerSchedule({ openingHours: hours, now: beijing('03:00'), utcOffsetMinutes: CHINA })).toEqual({
      mode: 'allowSleep',
      nextSwitchAt: beijing('07:30'),
    });
  });

  it('opens at the opening minute and closes at the closing minute', () => {
    expect(powerSchedule({ openingHours: hours, now: beijing('07:30'), utcOffsetMinutes: CHINA }).mode).toBe('keepAwake');
    expect(powerSchedule({ openingHours: hours, now: new Date(beijing('07:30').getTime() - 1), utcOffsetMinutes: CHINA }).mode).toBe('allowSleep');
    expect(powerSchedule({ openingHours: hours, now: beijing('20:00'), utcOffsetMinutes: CHINA })).toEqual({
      mode: 'allowSleep',
      nextSwitchAt: beijing('07:30', 28),
    });
  });

  it('reads the hours in station-local time, not UTC', () => {
    // 12:00 UTC is 20:00 in Beijing: closed there, though noon in UTC.
    const now = new Date('2026-11-27T12:00:00Z');
    expect(powerSchedule({ openingHours: hours, now, utcOffsetMinutes: CHINA }).mode).toBe('allowSleep');
    expect(powerSchedule({ openingHours: hours, now, utcOffsetMinutes: 0 }).mode).toBe('keepAwake');
  });

  it('handles hours that run over midnight', () => {
    const night = { from: '20:00', to: '02:00' };
    expect(powerSchedule({ openingHours: night, now: beijing('23:00'), utcOffsetMinutes: CHINA })).toEqual({
      mode: 'keepAwake',
      nextSwitchAt: beijing('02:00', 28),
    });
    expect(powerSchedule({ openingHours: night, now: beijing('01:59'), utcOffsetMinutes: CHINA }).mode).toBe('keepAwake');
    expect(powerSchedule({ openingHours: night, now: beijing('12:00'), utcOffsetMinutes: CHINA })).toEqual({
      mode: 'allowSleep',
      nextSwitchAt: beijing('20:00'),
    });
  });

  it('with no hours set, keeps the display awake for good', () => {
    expect(powerSchedule({ openingHours: null, now: beijing('03:00'), utcOffsetMinutes: CHINA })).toEqual({ mode: 'keepAwake', nextSwitchAt: null });
  });

  it('counts seconds into the wait, so the switch lands on the minute', () => {
    const now = new Date(beijing('19:59').getTime() + 30_500);
    expect(powerSchedule({ openingHours: hours, now, utcOffsetMinutes: CHINA }).nextSwitchAt).toEqual(beijing('20:00'));
  });
});

describe('createPowerScheduler', () => {
  function harness(start: Date, openingHours: { from: string; to: string } | null = hours) {
    let now = start;
    let nextId = 1;
    const active = new Set<number>();
    const calls: string[] = [];
    const blocker: DisplayBlocker = {
      start: (type) => {
        calls.push(`start ${type}`);
        active.add(nextId);
        return nextId++;
      },
      stop: (id) => {
        calls.push(`stop ${id}`);
        active.delete(id);
      },
    };
    const timers: { run: () => void; delay: number; cleared: boolean }[] = [];
    const scheduler = createPowerScheduler({
      blocker,
      openingHours: () => openingHours,
      now: () => now,
      utcOffsetMinutes: () => CHINA,
      setTimer: (run, delay) => {
        const timer = { run, delay, cleared: false };
        timers.push(timer);
        return timer;
      },
      clearTimer: (timer) => {
        (timer as { cleared: boolean }).cleared = true;
      },
    });
    const advance = (ms: number): void => {
      now = new Date(now.getTime() + ms);
    };
    const fireLatest = (): void => {
      const timer = timers[timers.length - 1];
      if (!timer || timer.cleared) throw new Error('no pending timer');
      timer.run();
    };
    return { scheduler, active, calls, timers, advance, fireLatest };
  }

  it('holds one blocker while open and releases it at closing time', () => {
    const h = harness(beijing('19:50'));
    expect(h.scheduler.refresh()).toBe('keepAwake');
    expect(h.active.size).toBe(1);
    // Ten minutes to closing, plus the one-second margin.
    expect(h.timers[0]?.delay).toBe(10 * 60_000 + 1000);
    expect(h.scheduler.refresh()).toBe('keepAwake');
    expect(h.calls.filter((call) => call.startsWith('start'))).toHaveLength(1);
    expect(h.timers[0]?.cleared).toBe(true);

    h.advance(10 * 60_000 + 1000);
    h.fireLatest();
    expect(h.active.size).toBe(0);
    expect(h.calls).toEqual(['start prevent-display-sleep', 'stop 1']);
  });

  it('re-checks at least every quarter hour in case the clock jumped', () => {
    const h = harness(beijing('22:00'));
    expect(h.scheduler.refresh()).toBe('allowSleep');
    expect(h.active.size).toBe(0);
    expect(h.timers[0]?.delay).toBe(POWER_RECHECK_MAX_MS);
  });

  it('starts the blocker again in the morning and stops everything on stop()', () => {
    const h = harness(beijing('07:29'));
    h.scheduler.refresh();
    expect(h.active.size).toBe(0);
    h.advance(61_000);
    h.fireLatest();
    expect(h.active.size).toBe(1);
    h.scheduler.stop();
    expect(h.active.size).toBe(0);
    expect(h.timers[h.timers.length - 1]?.cleared).toBe(true);
  });

  it('without hours keeps the blocker and sets no timer', () => {
    const h = harness(beijing('03:00'), null);
    expect(h.scheduler.refresh()).toBe('keepAwake');
    expect(h.active.size).toBe(1);
    expect(h.timers).toHaveLength(0);
  });
});
