import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
/** Artifacts CI keeps: screenshots, axe reports. */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results');
export const SCREENSHOTS_DIR = join(RESULTS_DIR, 'screenshots');
export const AXE_REPORTS_DIR = join(RESULTS_DIR, 'axe');
/** PDFs and other files tests produce for people to look at. */
export const ARTIFACTS_DIR = join(RESULTS_DIR, 'artifacts');
