import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { build } from 'vite';

const repoRoot = resolve(__dirname, '..', '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'kiosk-bundles-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function buildMode(mode: 'electron-main' | 'electron-preload', file: string): Promise<string> {
  await build({ configFile: join(repoRoot, 'vite.config.mts'), mode, logLevel: 'silent', build: { outDir } });
  return readFileSync(join(outDir, file), 'utf8');
}

function requiredModules(bundle: string): string[] {
  return [...new Set([...bundle.matchAll(/require\((["'])([^"']+)\1\)/g)].map((match) => match[2] as string))].sort();
}

describe('Electron bundles', () => {
  it('the preload requires nothing but electron (a sandboxed preload can load nothing else)', async () => {
    const preload = await buildMode('electron-preload', 'preload.cjs');
    expect(requiredModules(preload)).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld');
    // zod stays out of the preload: main validates, the preload only forwards.
    expect(preload).not.toMatch(/ZodError|safeParse/);
  }, 60_000);

  it('main requires only electron and Node built-ins (everything else is bundled)', async () => {
    const main = await buildMode('electron-main', 'main.cjs');
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    const foreign = requiredModules(main).filter((name) => name !== 'electron' && !builtins.has(name));
    expect(foreign).toEqual([]);
  }, 60_000);
});

describe('electron/logic stays free of Electron at run time', () => {
  it('imports electron for types only, so it runs (and is tested) in plain Node', () => {
    const dir = join(repoRoot, 'electron', 'logic');
    const offenders: string[] = [];
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
      const source = ts.createSourceFile(file, readFileSync(join(dir, file), 'utf8'), ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node): void => {
        if (ts.isImportDeclaration(node) && isElectron(node.moduleSpecifier) && !node.importClause?.isTypeOnly) {
          offenders.push(`${file}: ${node.getText()}`);
        }
        if (ts.isCallExpression(node) && node.arguments.some(isElectron)) {
          const callee = node.expression;
          if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
            offenders.push(`${file}: ${node.getText()}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(offenders).toEqual([]);
  });
});

function isElectron(node: ts.Node): boolean {
  return ts.isStringLiteral(node) && node.text === 'electron';
}
