import type { z } from 'zod';
import type { Change, PULL_STREAMS, PullResponse } from '../../../../shared/sync/protocol';
import { PULL_VALUE_SCHEMAS, type PullValue } from '../../../../shared/sync/pullStreams';
import { PullDataError } from './pullErrors';

export type PullStream = (typeof PULL_STREAMS)[number];

/**
 * The field a record is keyed by on each stream: a change whose key disagrees with its own value
 * would be stored under one key and looked up under another. The one publication record has no
 * natural key.
 */
const KEY_FIELD: Record<PullStream, string | null> = {
  county: 'code',
  publication: null,
  program: 'id',
  disbursement: 'id',
  project: 'id',
  notice: 'id',
  serviceItem: 'code',
  holiday: 'date',
  caseEvent: 'id',
  feedbackAnswer: 'feedbackId',
};

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

function parseValue(change: Change): unknown {
  const schema: z.ZodType = PULL_VALUE_SCHEMAS[change.stream];
  const result = schema.safeParse(change.value);
  if (!result.success) throw new PullDataError(change.stream, change.key, describeIssue(result.error));
  const field = KEY_FIELD[change.stream];
  if (field !== null) {
    const own = (result.data as Record<string, unknown>)[field];
    if (own !== change.key) throw new PullDataError(change.stream, change.key, `the record's ${field} is "${String(own)}", not its key`);
  }
  return result.data;
}

/**
 * A page checked whole and grouped by stream: each key once, its last change winning (null is a
 * delete), in the order of that last change.
 */
export class ParsedPage {
  private readonly byStream = new Map<PullStream, Map<string, unknown>>();

  constructor(readonly changeCount: number) {}

  record(stream: PullStream, key: string, value: unknown): void {
    let changes = this.byStream.get(stream);
    if (!changes) this.byStream.set(stream, (changes = new Map()));
    // Re-inserted so the order is that of the last change of the key.
    changes.delete(key);
    changes.set(key, value);
  }

  has(stream: PullStream): boolean {
    return this.byStream.has(stream);
  }

  /** The stream's changes: key → parsed value, or null for a delete. */
  changes<S extends PullStream>(stream: S): ReadonlyMap<string, PullValue<S> | null> {
    // Every value under S was parsed by PULL_VALUE_SCHEMAS[S] in parsePullPage.
    return (this.byStream.get(stream) ?? new Map()) as ReadonlyMap<string, PullValue<S> | null>;
  }

  /** The stream's puts, in order. */
  puts<S extends PullStream>(stream: S): PullValue<S>[] {
    const values: PullValue<S>[] = [];
    for (const value of this.changes(stream).values()) if (value !== null) values.push(value);
    return values;
  }

  /** The keys the stream deletes. */
  deletes(stream: PullStream): string[] {
    const keys: string[] = [];
    for (const [key, value] of this.changes(stream)) if (value === null) keys.push(key);
    return keys;
  }
}

/** Parses every change of a page before anything is written: one bad value refuses the page. */
export function parsePullPage(page: PullResponse): ParsedPage {
  const parsed = new ParsedPage(page.changes.length);
  for (const change of page.changes) {
    parsed.record(change.stream, change.key, change.op === 'delete' ? null : parseValue(change));
  }
  return parsed;
}
