import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS_DIR } from './paths';

/** A file name from a screen name: letters, digits, CJK, "-", "_" and "." survive; the rest become "-". */
export function artifactName(name: string): string {
  const safe = name.trim().replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[.-]+/, '');
  if (safe === '') throw new Error(`"${name}" cannot name an artifact file`);
  return safe;
}

/** Saves the whole page as test-results/screenshots/<name>.png (a CI artifact) and returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${artifactName(name)}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
