import { parseTrackingInput } from '../../../../shared/cases/receiptNo';
import { receiptNoSchema } from '../../../../shared/domain/case';
import type { Feedback } from '../../../../shared/domain/feedback';
import { findCaseByLocalNo } from '../../db/repositories/cases';
import { findFeedbackByLocalNo } from '../../db/repositories/feedback';
import type { KioskDatabase } from '../../db/schema';
import type { StoredCase } from '../../db/villageRecords';

export type TrackingResult =
  | { kind: 'case'; record: StoredCase }
  | { kind: 'feedback'; record: Feedback }
  | { kind: 'notFound'; number: string }
  | { kind: 'invalid' };

/**
 * What a typed or scanned number points to. Cases and tickets share the kiosk's daily sequence, so
 * the 9 digits name one record here. A scanned full number must match exactly: the same 9 digits
 * from another village's receipt are a different case.
 */
export async function lookupTracking(db: KioskDatabase, text: string): Promise<TrackingResult> {
  const parsed = parseTrackingInput(text);
  if (!parsed) return { kind: 'invalid' };
  const full = receiptNoSchema.safeParse(text.trim().toUpperCase());
  const number = full.success ? full.data : parsed.localNo;
  const matches = (receiptNo: string): boolean => !full.success || receiptNo === full.data;

  if (parsed.kind !== 'YJ') {
    const found = await findCaseByLocalNo(db, parsed.localNo);
    if (found && matches(found.receiptNo)) return { kind: 'case', record: found };
  }
  if (parsed.kind !== 'DB') {
    const found = await findFeedbackByLocalNo(db, parsed.localNo);
    if (found && matches(found.ticketNo)) return { kind: 'feedback', record: found };
  }
  return { kind: 'notFound', number };
}
