import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CONTENT_STREAMS, CONTENT_VALUE_SCHEMAS } from '../../../shared/dashboard/content';
import { EXPORT_KINDS, EXPORT_QUERY_SCHEMAS } from '../../../shared/dashboard/exports';
import { FUND_FIELDS, FUND_TEXT_ENCODINGS } from '../../../shared/dashboard/funds';
import { blankContentItem, CONTENT_FIELDS, type ContentField } from '../../../server/dashboard/src/components/content/contentFields';
import { EXPORT_FILTERS } from '../../../server/dashboard/src/components/exports/exportFilters';
import enContent from '../../../server/dashboard/src/locales/en/content';
import enDevices from '../../../server/dashboard/src/locales/en/devices';
import enExports from '../../../server/dashboard/src/locales/en/exports';
import enFunds from '../../../server/dashboard/src/locales/en/funds';
import zhContent from '../../../server/dashboard/src/locales/zh-CN/content';
import zhDevices from '../../../server/dashboard/src/locales/zh-CN/devices';
import zhExports from '../../../server/dashboard/src/locales/zh-CN/exports';
import zhFunds from '../../../server/dashboard/src/locales/zh-CN/funds';

/**
 * The admin pages build many message keys from data (a field's path, an enum's value), which no
 * type check sees: a missing one would show the raw key on screen. Every key is checked here in
 * both languages, and every field of each content schema must have an input.
 */
const LOCALES = {
  'zh-CN': { funds: zhFunds, content: zhContent, exports: zhExports, devices: zhDevices },
  en: { funds: enFunds, content: enContent, exports: enExports, devices: enDevices },
} as const;

function lookup(messages: unknown, key: string): unknown {
  let value: unknown = messages;
  for (const part of key.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function expectMessages(keys: readonly string[]): void {
  for (const [locale, messages] of Object.entries(LOCALES)) {
    const missing = keys.filter((key) => typeof lookup(messages, key) !== 'string' || lookup(messages, key) === '');
    expect(missing, `missing in ${locale}`).toEqual([]);
  }
}

function fieldKeys(stream: string, fields: readonly ContentField[]): string[] {
  return fields.flatMap((field) => {
    if (field.kind === 'list') {
      return [`content.lists.${stream}.${field.path}`, ...field.itemFields.flatMap((sub) => fieldKeys(`${stream}.${field.path}`, [sub]))];
    }
    const options = (field.options ?? []).map((option) => `content.options.${field.optionGroup ?? ''}.${option}`);
    return [`content.fields.${stream}.${field.path}`, ...options];
  });
}

/** Top-level (and one nested object level) property paths of an object schema. */
function schemaPaths(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape;
  return Object.entries(shape).flatMap(([name, child]) => {
    const inner = (child as unknown as { shape?: Record<string, unknown> }).shape;
    return inner === undefined ? [name] : Object.keys(inner).map((sub) => `${name}.${sub}`);
  });
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat().filter((f) => /\.(vue|ts)$/.test(f));
}

describe('dashboard admin pages: text and fields', () => {
  it('names every content field, list and option in both languages', () => {
    expectMessages(CONTENT_STREAMS.flatMap((stream) => [`content.streams.${stream}`, ...fieldKeys(stream, CONTENT_FIELDS[stream])]));
  });

  it('gives every field of each content schema an input, and a blank item the schema only faults for missing text', () => {
    for (const stream of CONTENT_STREAMS) {
      const edited = CONTENT_FIELDS[stream].map((f) => f.path);
      expect(schemaPaths(CONTENT_VALUE_SCHEMAS[stream]).filter((p) => !edited.includes(p)), stream).toEqual([]);
      const parsed = CONTENT_VALUE_SCHEMAS[stream].safeParse(blankContentItem(stream, '2026-11-27'));
      const typeIssues = parsed.success ? [] : parsed.error.issues.filter((i) => i.code === 'invalid_type' || i.code === 'unrecognized_keys');
      expect(typeIssues, stream).toEqual([]);
    }
  });

  it('names every fund field, encoding, export filter and option in both languages', () => {
    expectMessages([
      ...FUND_FIELDS.map((f) => `funds.field.${f}`),
      ...FUND_TEXT_ENCODINGS.map((e) => `funds.encoding.${e}`),
      ...EXPORT_KINDS.flatMap((kind) => [
        `exports.kinds.${kind}`,
        ...EXPORT_FILTERS[kind].flatMap((f) => [`exports.filter.${f.name}`, ...(f.options ?? []).map((o) => `exports.options.${f.optionGroup ?? ''}.${o}`)]),
      ]),
    ]);
    // The form offers exactly the filters each export route accepts.
    for (const kind of EXPORT_KINDS) {
      const accepted = Object.keys((EXPORT_QUERY_SCHEMAS[kind] as unknown as { shape: Record<string, unknown> }).shape).sort();
      expect(EXPORT_FILTERS[kind].map((f) => f.name).sort(), kind).toEqual(accepted);
    }
  });

  it('resolves every literal message key the admin pages use, in both languages', async () => {
    const root = resolve(__dirname, '../../../server/dashboard/src');
    const dirs = ['funds', 'content', 'exports', 'devices'].flatMap((area) => [join(root, 'views', area), join(root, 'components', area)]);
    const files = [...(await Promise.all(dirs.map(sourceFiles))).flat(), join(root, 'router', 'adminRoutes.ts')];
    const keys = new Set<string>();
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/['"]((?:funds|content|exports|devices)\.[A-Za-z0-9.]+)['"]/g)) keys.add(match[1] as string);
    }
    expect(keys.size).toBeGreaterThan(100);
    expectMessages([...keys]);
  });
});
