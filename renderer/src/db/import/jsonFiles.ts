import type { z } from 'zod';
import { invalidData, readFailure } from './importError';
import type { CountyDataSource } from './source';

/** "item 3 documents.0.docNo" for an array file, "station.villageCode" for an object file. */
function describePath(path: ReadonlyArray<PropertyKey>, isArrayFile: boolean): string {
  const [first, ...rest] = path;
  if (isArrayFile && typeof first === 'number') return rest.length > 0 ? `item ${first} ${rest.map(String).join('.')}` : `item ${first}`;
  return path.length > 0 ? path.map(String).join('.') : 'the file';
}

/** Reads one JSON file and parses it with its schema; the error names the file and the item and field. */
export async function readJsonFile<S extends z.ZodType>(source: CountyDataSource, file: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await source.readText(file);
  } catch (error) {
    throw readFailure(file, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw invalidData(file, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = describePath(issue?.path ?? [], Array.isArray(json));
    throw invalidData(file, `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Rejects a second item with the same key: the database would refuse it halfway through writing. */
export function checkUnique<T>(file: string, items: readonly T[], keyOf: (item: T) => string, keyName: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first !== undefined) throw invalidData(file, `item ${index}: ${keyName} "${key}" repeats item ${first}`);
    seen.set(key, index);
  });
}

export function checkCount(file: string, found: number, expected: number, what: string): void {
  if (found !== expected) throw invalidData(file, `holds ${found} ${what}, manifest.json says ${expected}`);
}
