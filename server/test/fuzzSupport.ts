import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { apiErrorSchema } from '../../shared/sync/protocol';
import type { Database } from '../src/db/schema';

/** Runs per fuzz property: the issue asks for at least 1,000 cases per endpoint. */
export const FUZZ_RUNS = 1_000;

/** What "nothing changed" means for records: every village and county record, devices and codes. */
async function recordRows(db: Kysely<Database>): Promise<unknown[]> {
  return [
    await db.selectFrom('changes').select(['id', 'village_code', 'stream', 'op', 'key', 'value']).orderBy('id').execute(),
    await db.selectFrom('case_events').select(['id', 'body', 'device_id']).orderBy('id').execute(),
    await db.selectFrom('feedback').select(['id', 'body', 'device_id']).orderBy('id').execute(),
    await db.selectFrom('audit_entries').select(['device_id', 'seq', 'hash']).orderBy('device_id').orderBy('seq').execute(),
    await db.selectFrom('feedback_answers').selectAll().orderBy('feedback_id').execute(),
    // last_seen_at is left out: an authenticated request may move it, by design.
    await db.selectFrom('devices').select(['id', 'village_code', 'token_hash', 'revoked_at']).orderBy('id').execute(),
    await db.selectFrom('enrollment_codes').select(['code_hash', 'used_at', 'used_by_device_id']).orderBy('code_hash').execute(),
    await db.selectFrom('server_meta').selectAll().orderBy('key').execute(),
  ];
}

/** Records plus each device's push cursor and stored rejections: a refused request changes none of it. */
export async function fullFingerprint(db: Kysely<Database>): Promise<string> {
  const rows = [
    ...(await recordRows(db)),
    await db.selectFrom('device_push_state').selectAll().orderBy('device_id').execute(),
    await db.selectFrom('push_rejections').selectAll().orderBy('device_id').orderBy('seq').execute(),
  ];
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/** Records only: a batch whose every entry is rejected still advances the cursor and stores rejections. */
export async function recordsFingerprint(db: Kysely<Database>): Promise<string> {
  return createHash('sha256').update(JSON.stringify(await recordRows(db))).digest('hex');
}

/** A refusal: a 4xx with `{ error: { code, message } }`; returns the code. */
export async function expectRefusal(response: Response, context: unknown): Promise<string> {
  const text = await response.text();
  if (response.status < 400 || response.status >= 500) throw new Error(`expected a 4xx, got ${response.status} ${text.slice(0, 300)} for ${JSON.stringify(context).slice(0, 500)}`);
  const parsed = apiErrorSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not an API error body: ${text.slice(0, 300)}`);
  expect(parsed.data.error.message.length).toBeGreaterThan(0);
  return parsed.data.error.code;
}

/** Values of every JSON type, including ones no field of ours accepts. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1.5, 1e300, '', ' ', '\u0000', [], {}, { __proto__: null }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Strings that break length limits, encodings or parsers. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.integer({ min: 201, max: 120_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('<script>alert(1)</script>', "'; drop table devices; --", '=cmd|/c calc', '\uD800', '../../etc/passwd', '%00', '0'.repeat(300)),
);

/** An object with one extra, unknown field. */
export function withUnknownField(value: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in value) && k !== '__proto__'), anyJson).map(([key, extra]) => ({ ...value, [key]: extra }));
}

/** The object with one of its fields replaced by a value of an arbitrary (usually wrong) type, or removed. */
export function withOneFieldBroken(value: Record<string, unknown>, replacement: fc.Arbitrary<unknown> = anyJson): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(value);
  return fc.tuple(fc.constantFrom(...keys), fc.option(replacement, { nil: undefined })).map(([key, next]) => {
    const copy = { ...value };
    if (next === undefined) delete copy[key];
    else copy[key] = next;
    return copy;
  });
}
