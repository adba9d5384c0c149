import { minutesOfDay, type OpeningHours } from '../../shared/unattended/settings';

/**
 * Display power over the day: kept awake while the service hall is open, allowed to sleep at night
 * (a screen burning for months wears out and wastes the station's electricity). The kiosk clock
 * is the only clock a display can follow; a wrong clock shifts the hours, it never breaks the app.
 */

export type PowerMode = 'keepAwake' | 'allowSleep';

export interface PowerScheduleInput {
  /** null: awake around the clock. */
  openingHours: OpeningHours | null;
  now: Date;
  /** Minutes east of UTC of the station's local time (China: 480). Main passes -now.getTimezoneOffset(). */
  utcOffsetMinutes: number;
}

export interface PowerDecision {
  mode: PowerMode;
  /** When the mode changes next; null when it never does. */
  nextSwitchAt: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

const modulo = (value: number, divisor: number): number => ((value % divisor) + divisor) % divisor;

export function powerSchedule(input: PowerScheduleInput): PowerDecision {
  if (input.openingHours === null) return { mode: 'keepAwake', nextSwitchAt: null };
  const from = minutesOfDay(input.openingHours.from) * MINUTE_MS;
  const to = minutesOfDay(input.openingHours.to) * MINUTE_MS;
  const nowMs = input.now.getTime();
  const localMsOfDay = modulo(nowMs + input.utcOffsetMinutes * MINUTE_MS, DAY_MS);
  // Hours may run over midnight (from 20:00 to 02:00 for a night market station).
  const open = from < to ? localMsOfDay >= from && localMsOfDay < to : localMsOfDay >= from || localMsOfDay < to;
  const switchAt = open ? to : from;
  const waitMs = modulo(switchAt - localMsOfDay, DAY_MS);
  return { mode: open ? 'keepAwake' : 'allowSleep', nextSwitchAt: new Date(nowMs + waitMs) };
}

/** Electron's powerSaveBlocker, narrowed to what the schedule uses (a fake in tests). */
export interface DisplayBlocker {
  start(type: 'prevent-display-sleep'): number;
  stop(id: number): void;
}

export interface PowerSchedulerDeps {
  blocker: DisplayBlocker;
  openingHours: () => OpeningHours | null;
  now: () => Date;
  utcOffsetMinutes: (now: Date) => number;
  setTimer: (run: () => void, delayMs: number) => unknown;
  clearTimer: (timer: unknown) => void;
}

/**
 * Re-checks at least this often: the clock may be corrected by NTP or the PC may have slept, and
 * a timer set hours ahead would then fire at the wrong moment.
 */
export const POWER_RECHECK_MAX_MS = 15 * MINUTE_MS;

export interface PowerScheduler {
  /** Applies the schedule now and keeps applying it; call again after the hours changed. */
  refresh(): PowerMode;
  stop(): void;
}

export function createPowerScheduler(deps: PowerSchedulerDeps): PowerScheduler {
  let blockerId: number | null = null;
  let timer: unknown = null;

  const clear = (): void => {
    if (timer !== null) deps.clearTimer(timer);
    timer = null;
  };

  const refresh = (): PowerMode => {
    clear();
    const now = deps.now();
    const decision = powerSchedule({ openingHours: deps.openingHours(), now, utcOffsetMinutes: deps.utcOffsetMinutes(now) });
    if (decision.mode === 'keepAwake' && blockerId === null) blockerId = deps.blocker.start('prevent-display-sleep');
    if (decision.mode === 'allowSleep' && blockerId !== null) {
      deps.blocker.stop(blockerId);
      blockerId = null;
    }
    if (decision.nextSwitchAt !== null) {
      // +1 s so the re-check lands inside the new period, not on its boundary.
      const untilSwitch = decision.nextSwitchAt.getTime() - now.getTime() + 1000;
      timer = deps.setTimer(refresh, Math.min(untilSwitch, POWER_RECHECK_MAX_MS));
    }
    return decision.mode;
  };

  return {
    refresh,
    stop: () => {
      clear();
      if (blockerId !== null) deps.blocker.stop(blockerId);
      blockerId = null;
    },
  };
}
