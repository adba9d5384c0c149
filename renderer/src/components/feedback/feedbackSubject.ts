import type { FeedbackSubject } from '../../../../shared/domain/feedback';
import type { FundProgram } from '../../../../shared/domain/fundProgram';
import { maskPersonName } from '../../../../shared/privacy/masking';
import type { KioskDatabase, StoredDisbursement } from '../../db/schema';
import type { StoredCase } from '../../db/villageRecords';

/** A ticket's subject with the records it names, as far as this kiosk still holds them. */
export type SubjectDetails =
  | { kind: 'general' }
  | { kind: 'program'; program: FundProgram }
  | { kind: 'disbursement'; program: FundProgram; row: StoredDisbursement }
  | { kind: 'case'; caseRecord: StoredCase }
  | { kind: 'missing' };

export async function loadSubject(db: KioskDatabase, subject: FeedbackSubject): Promise<SubjectDetails> {
  switch (subject.kind) {
    case 'general':
      return { kind: 'general' };
    case 'case': {
      const caseRecord = await db.cases.get(subject.caseId);
      return caseRecord ? { kind: 'case', caseRecord } : { kind: 'missing' };
    }
    case 'program': {
      const program = await db.programs.get(subject.programId);
      return program ? { kind: 'program', program } : { kind: 'missing' };
    }
    case 'disbursement': {
      const [program, row] = await Promise.all([db.programs.get(subject.programId), db.disbursements.get(subject.disbursementId)]);
      return program && row && row.programId === program.id ? { kind: 'disbursement', program, row } : { kind: 'missing' };
    }
  }
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** One line naming the subject, with the head of household masked: it appears on screens and slips. */
export function subjectLine(t: Translate, details: SubjectDetails): string {
  switch (details.kind) {
    case 'general':
      return t('feedback.general');
    case 'missing':
      return t('feedback.missing');
    case 'case':
      return `${details.caseRecord.itemName} · ${details.caseRecord.receiptNo}`;
    case 'program':
      return t('feedback.program', { name: details.program.name, year: details.program.year });
    case 'disbursement':
      return `${t('feedback.disbursementLine', { name: details.program.name, year: details.program.year, period: details.row.period })} · ${t('feedback.head')} ${maskPersonName(details.row.headName)}`;
  }
}
