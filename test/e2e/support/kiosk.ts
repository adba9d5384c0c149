import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { inject } from 'vitest';

/** A typical village-station touch screen. */
export const KIOSK_VIEWPORT = { width: 1280, height: 800 } as const;

/** Residents' kiosks run in Chinese; bypassCSP lets axe be injected as a script tag. */
export const KIOSK_CONTEXT_OPTIONS: BrowserContextOptions = {
  locale: 'zh-CN',
  viewport: KIOSK_VIEWPORT,
  bypassCSP: true,
};

const READY_SELECTOR = 'html[data-ready="true"]';
const READY_TIMEOUT_MS = 60_000;

/** Base URL of this run's kiosk, ending in "/". */
export function kioskUrl(path = '/'): string {
  return new URL(path, inject('kioskUrl')).href;
}

export interface PageProblems {
  /** Uncaught exceptions in the page. */
  errors: string[];
  /** console.error lines (failed loads, CSP reports, Vue warnings about failures). */
  consoleErrors: string[];
  /** Requests that failed or answered 4xx/5xx, as "404 GET http://…" (console errors do not name the URL). */
  failedRequests: string[];
}

const problems = new WeakMap<Page, PageProblems>();

/** What went wrong in the page so far; tests can assert it stays empty. */
export function pageProblems(page: Page): PageProblems {
  return problems.get(page) ?? { errors: [], consoleErrors: [], failedRequests: [] };
}

/**
 * Opens the kiosk and waits until its data is loaded (the app sets data-ready="true" on <html>).
 * Given a Browser, the page gets a fresh context (an empty IndexedDB, so the demo data is imported);
 * given a BrowserContext, it shares that context's database.
 */
export async function openKiosk(
  target: Browser | BrowserContext,
  path = '/',
  contextOptions: BrowserContextOptions = {},
): Promise<Page> {
  const page =
    'newContext' in target
      ? await (await target.newContext({ ...KIOSK_CONTEXT_OPTIONS, ...contextOptions })).newPage()
      : await target.newPage();
  const record: PageProblems = { errors: [], consoleErrors: [], failedRequests: [] };
  problems.set(page, record);
  page.on('pageerror', (error) => record.errors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') record.consoleErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) record.failedRequests.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    record.failedRequests.push(`${request.failure()?.errorText ?? 'failed'} ${request.method()} ${request.url()}`);
  });

  await page.goto(kioskUrl(path));
  try {
    await page.waitForSelector(READY_SELECTOR, { state: 'attached', timeout: READY_TIMEOUT_MS });
  } catch (error) {
    const details = [...record.errors, ...record.consoleErrors, ...record.failedRequests].join('\n  ') || '(no errors in the page)';
    throw new Error(`the kiosk at ${page.url()} never set data-ready="true": ${(error as Error).message}\n  ${details}`);
  }
  if (record.errors.length > 0) throw new Error(`the kiosk threw while loading:\n  ${record.errors.join('\n  ')}`);
  return page;
}

