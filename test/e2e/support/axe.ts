import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { AXE_REPORTS_DIR } from './paths';
import { artifactName } from './screenshots';

const AXE_SCRIPT = createRequire(__filename).resolve('axe-core/axe.min.js');

/** WCAG 2.1 A and AA plus axe's best practices: every resident screen must pass all of them. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

export interface AxeViolationSummary {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string; summary: string }[];
}

/** Runs axe-core on the page as it is now; writes test-results/axe/<screen>.json; fails listing every violation. */
export async function expectNoAxeViolations(page: Page, screenName: string): Promise<void> {
  const violations = await runAxe(page);
  await mkdir(AXE_REPORTS_DIR, { recursive: true });
  await writeFile(join(AXE_REPORTS_DIR, `${artifactName(screenName)}.json`), JSON.stringify({ url: page.url(), violations }, null, 2));
  if (violations.length > 0) throw new Error(formatViolations(screenName, violations));
}

export async function runAxe(page: Page): Promise<AxeViolationSummary[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ path: AXE_SCRIPT });
  const options: RunOptions = { runOnly: [...AXE_TAGS], resultTypes: ['violations'] };
  return page.evaluate(async (runOptions) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe;
    const results = await axe.run(document, runOptions);
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary ?? '' })),
    }));
  }, options);
}

export function formatViolations(screenName: string, violations: readonly AxeViolationSummary[]): string {
  const lines = [`axe-core found ${violations.length} violation(s) on "${screenName}":`];
  for (const v of violations) {
    lines.push(`- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help} <${v.helpUrl}>`);
    for (const node of v.nodes.slice(0, 8)) {
      lines.push(`    at ${node.target}`);
      if (node.summary) lines.push(...node.summary.split('\n').map((l) => `      ${l}`));
    }
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more element(s)`);
  }
  return lines.join('\n');
}
