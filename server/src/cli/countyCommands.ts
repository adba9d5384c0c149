import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { bumpEpoch } from '../repositories/serverMeta';
import { compactChanges } from '../services/compaction';
import { countyTransitionInputSchema, recordCountyTransition } from '../services/countyCaseEvents';
import { answerFeedback } from '../services/feedbackAnswers';
import type { CommandOptions } from './commands';
import { UsageError } from './usage';

/** A flag the command cannot do without; its value is checked by the service's own schema. */
function required(values: CommandOptions['values'], name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** `case transition --receipt NO --to STATE [--reason R] --by NAME` */
export async function caseTransition(db: Kysely<Database>, { values, out }: CommandOptions): Promise<void> {
  // Parsed here: a misspelt state is a clear message naming the field, before the database is read.
  const input = countyTransitionInputSchema.parse({
    receiptNo: required(values, 'receipt').trim(),
    to: required(values, 'to').trim(),
    reason: values.reason ?? '',
    by: required(values, 'by'),
  });
  const result = await recordCountyTransition(db, input);
  if (values.json === true) return out(JSON.stringify(result.event));
  out(`case ${String(values.receipt).trim()}: ${result.from} → ${result.event.to} (event ${result.event.id}, published to village ${result.villageCode})`);
}

/** `feedback answer --ticket NO --text T --by NAME` */
export async function feedbackAnswer(db: Kysely<Database>, { values, out }: CommandOptions): Promise<void> {
  const result = await answerFeedback(db, { ticketNo: required(values, 'ticket').trim(), text: required(values, 'text'), by: required(values, 'by') });
  if (values.json === true) return out(JSON.stringify(result.answer));
  out(`answered ticket ${String(values.ticket).trim()} (published to village ${result.villageCode})`);
}

/** `epoch bump`: after restoring a backup, so every kiosk starts its sync over. */
export async function epochBump(db: Kysely<Database>, { out }: CommandOptions): Promise<void> {
  const epoch = await bumpEpoch(db);
  out(`epoch is now ${epoch}: kiosks will pull everything again and re-send their records`);
}

/** `changes compact`: removes superseded rows of the change log. */
export async function changesCompact(db: Kysely<Database>, { values, out }: CommandOptions): Promise<void> {
  const result = await compactChanges(db);
  out(values.json === true ? JSON.stringify(result) : `removed ${result.removed} superseded changes; ${result.remaining} remain`);
}
