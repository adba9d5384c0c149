/**
 * A second start of the kiosk (a technician double-clicking the shortcut, the autostart task
 * firing while the kiosk already runs) must not open a second window over the same database:
 * main holds Electron's single-instance lock and the second process quits at once. The running
 * kiosk then brings its window forward; what that takes depends on the window's state.
 */

/** The BrowserWindow calls needed (a fake in tests). */
export interface ForegroundWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isVisible(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export type ForegroundStep = 'restore' | 'show' | 'focus';

export interface WindowState {
  exists: boolean;
  minimized: boolean;
  visible: boolean;
}

/**
 * Steps in order. No window (still starting, or between a crash and the reload) means nothing to
 * do: the starting kiosk shows its window itself when ready. The second start's command line is
 * ignored on purpose: it must not switch demo data or kiosk mode of the running kiosk.
 */
export function secondInstanceSteps(state: WindowState): ForegroundStep[] {
  if (!state.exists) return [];
  const steps: ForegroundStep[] = [];
  if (state.minimized) steps.push('restore');
  if (!state.visible) steps.push('show');
  steps.push('focus');
  return steps;
}

export function bringToFront(window: ForegroundWindow | null): ForegroundStep[] {
  const exists = window !== null && !window.isDestroyed();
  const steps = secondInstanceSteps({
    exists,
    minimized: exists && window.isMinimized(),
    visible: exists && window.isVisible(),
  });
  for (const step of steps) window?.[step]();
  return steps;
}
