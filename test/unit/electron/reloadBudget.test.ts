import { describe, expect, it } from 'vitest';
import { crashPageUrl, renderCrashPage } from '../../../electron/logic/crashPage';
import { DEFAULT_RELOAD_BUDGET, ReloadBudget } from '../../../electron/logic/reloadBudget';

describe('renderer crash → reload budget', () => {
  it('reloads at most 3 times a minute by default, then shows the error page until the window passes', () => {
    expect(DEFAULT_RELOAD_BUDGET).toEqual({ maxReloads: 3, windowMs: 60_000 });
    const budget = new ReloadBudget();
    expect(budget.onRendererGone('crashed', 0)).toEqual({ action: 'reload' });
    expect(budget.onRendererGone('oom', 10_000)).toEqual({ action: 'reload' });
    expect(budget.onRendererGone('killed', 20_000)).toEqual({ action: 'reload' });
    expect(budget.onRendererGone('crashed', 30_000)).toEqual({ action: 'show-error', retryInMs: 30_000 });
    expect(budget.recentReloads(30_000)).toBe(3);
  });

  it('retries when the oldest reload leaves the window, spending budget again', () => {
    const budget = new ReloadBudget({ maxReloads: 2, windowMs: 60_000 });
    budget.onRendererGone('crashed', 0);
    budget.onRendererGone('crashed', 10_000);
    expect(budget.onRendererGone('crashed', 20_000)).toEqual({ action: 'show-error', retryInMs: 40_000 });
    expect(budget.onRetryTimer(60_000)).toEqual({ action: 'reload' });
    expect(budget.onRendererGone('crashed', 65_000)).toEqual({ action: 'show-error', retryInMs: 5_000 });
    expect(budget.onRetryTimer(70_000)).toEqual({ action: 'reload' });
    expect(budget.recentReloads(70_000)).toBe(2);
  });

  it('never schedules a retry sooner than a second', () => {
    const budget = new ReloadBudget({ maxReloads: 1, windowMs: 1_000 });
    budget.onRendererGone('crashed', 0);
    expect(budget.onRendererGone('crashed', 999.5)).toEqual({ action: 'show-error', retryInMs: 1_000 });
  });

  it('ignores a clean exit (the window is closing)', () => {
    const budget = new ReloadBudget({ maxReloads: 1, windowMs: 1_000 });
    expect(budget.onRendererGone('clean-exit', 0)).toEqual({ action: 'ignore' });
    expect(budget.onRendererGone('crashed', 0)).toEqual({ action: 'reload' });
  });

  it('refuses a nonsensical budget', () => {
    expect(() => new ReloadBudget({ maxReloads: 0, windowMs: 1_000 })).toThrow();
    expect(() => new ReloadBudget({ maxReloads: 1.5, windowMs: 1_000 })).toThrow();
    expect(() => new ReloadBudget({ maxReloads: 1, windowMs: 0 })).toThrow();
  });
});

describe('crash page', () => {
  it('is static, bilingual and says when it retries', () => {
    const html = renderCrashPage(42_100);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('43 秒');
    expect(html).toContain('43 s');
    expect(html).toContain('代办员');
  });

  it('is a self-contained data: URL', () => {
    const url = crashPageUrl(5_000);
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe(renderCrashPage(5_000));
  });
});
