/**
 * What to do when the kiosk page's renderer process dies. A crash is usually a one-off (out of
 * memory on an old PC, a GPU hiccup) and reloading puts the kiosk back in service unattended. A page
 * that crashes again and again (corrupt data it trips over on load) must not spin in a reload loop:
 * after `maxReloads` within `windowMs`, show a static error page and try again once the window passes.
 *
 * Times are milliseconds from a monotonic clock (performance.now), never the wall clock, which on a
 * station PC may jump by years when it finally syncs its time.
 */
export interface ReloadBudgetOptions {
  maxReloads: number;
  windowMs: number;
}

export const DEFAULT_RELOAD_BUDGET: ReloadBudgetOptions = { maxReloads: 3, windowMs: 60_000 };

export type CrashDecision =
  | { action: 'ignore' }
  | { action: 'reload' }
  /** Show the error page now and call `onRetryTimer` after `retryInMs`. */
  | { action: 'show-error'; retryInMs: number };

/** render-process-gone reasons that are not a failure of the page (the window is being torn down). */
const BENIGN_REASONS = new Set(['clean-exit']);

export class ReloadBudget {
  private readonly reloadTimes: number[] = [];

  constructor(private readonly options: ReloadBudgetOptions = DEFAULT_RELOAD_BUDGET) {
    if (!Number.isInteger(options.maxReloads) || options.maxReloads < 1) throw new Error('maxReloads must be a positive integer');
    if (!(options.windowMs > 0)) throw new Error('windowMs must be positive');
  }

  onRendererGone(reason: string, nowMs: number): CrashDecision {
    if (BENIGN_REASONS.has(reason)) return { action: 'ignore' };
    return this.tryReload(nowMs);
  }

  /** Called when the error page's retry timer fires; spends budget like a crash-triggered reload. */
  onRetryTimer(nowMs: number): CrashDecision {
    return this.tryReload(nowMs);
  }

  /** Reloads spent within the current window (for logs). */
  recentReloads(nowMs: number): number {
    this.forgetBefore(nowMs - this.options.windowMs);
    return this.reloadTimes.length;
  }

  private tryReload(nowMs: number): CrashDecision {
    this.forgetBefore(nowMs - this.options.windowMs);
    if (this.reloadTimes.length < this.options.maxReloads) {
      this.reloadTimes.push(nowMs);
      return { action: 'reload' };
    }
    const oldest = this.reloadTimes[0] ?? nowMs;
    // The oldest reload leaves the window at oldest + windowMs; at least 1 s so a timer never spins.
    return { action: 'show-error', retryInMs: Math.max(1_000, Math.ceil(oldest + this.options.windowMs - nowMs)) };
  }

  private forgetBefore(cutoff: number): void {
    // A reload exactly windowMs ago has left the window.
    while (this.reloadTimes.length > 0 && (this.reloadTimes[0] as number) <= cutoff) this.reloadTimes.shift();
  }
}
