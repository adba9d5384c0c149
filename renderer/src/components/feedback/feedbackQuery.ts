import { z } from 'zod';
import type { LocationQuery } from 'vue-router';
import type { FeedbackSubject } from '../../../../shared/domain/feedback';
import type { KioskDatabase } from '../../db/schema';

const programIdSchema = z.string().regex(/^[A-Z]{2,8}-\d{4}$/);
const disbursementIdSchema = z.string().min(1).max(80);

/** ?program=ID, ?program=ID&disbursement=ID, or nothing: what the URL asks to object to. */
export type RequestedSubject = { kind: 'general' } | { kind: 'program'; programId: string } | { kind: 'disbursement'; programId: string | null; disbursementId: string } | { kind: 'malformed' };

function single(value: LocationQuery[string] | undefined): unknown {
  return Array.isArray(value) ? value[0] : value;
}

export function requestedSubject(query: LocationQuery): RequestedSubject {
  const program = single(query.program);
  const disbursement = single(query.disbursement);
  if (program === undefined && disbursement === undefined) return { kind: 'general' };
  const programId = program === undefined ? null : programIdSchema.safeParse(program);
  if (programId && !programId.success) return { kind: 'malformed' };
  if (disbursement === undefined) return programId ? { kind: 'program', programId: programId.data } : { kind: 'malformed' };
  const disbursementId = disbursementIdSchema.safeParse(disbursement);
  return disbursementId.success ? { kind: 'disbursement', programId: programId?.data ?? null, disbursementId: disbursementId.data } : { kind: 'malformed' };
}

/** The subject to file, once the disbursement's program is known; null when the URL names nothing held here. */
export async function resolveSubject(db: KioskDatabase, requested: RequestedSubject): Promise<FeedbackSubject | null> {
  switch (requested.kind) {
    case 'general':
      return { kind: 'general' };
    case 'malformed':
      return null;
    case 'program':
      return { kind: 'program', programId: requested.programId };
    case 'disbursement': {
      const row = await db.disbursements.get(requested.disbursementId);
      if (!row || (requested.programId !== null && row.programId !== requested.programId)) return null;
      return { kind: 'disbursement', programId: row.programId, disbursementId: row.id };
    }
  }
}
