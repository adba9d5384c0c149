import type { Composer } from 'vue-i18n';
import type { CaseFieldError } from '../../db/repositories/cases';

/** The agent reads a plain-words message for each code; the repository's English text is the fallback. */
export function caseFieldErrorText(t: Composer['t'], te: Composer['te'], field: string, error: CaseFieldError | undefined): string {
  if (!error) return '';
  const key = `cases.errors.${field}.${error.code}`;
  return te(key) ? t(key) : error.message;
}

/** What the applicant step edits before createCase checks it. */
export interface ApplicantDraft {
  name: string;
  idNumber: string;
  phone: string;
  group: number | null;
}
