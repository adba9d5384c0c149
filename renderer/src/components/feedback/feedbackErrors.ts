import type { FeedbackError } from '../../db/repositories/feedback';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The plain-words message shown next to a field for a repository error. */
export function feedbackErrorText(t: Translate, error: FeedbackError): string {
  switch (error.code) {
    case 'NOTICE_NOT_OPEN':
      return t('feedback.errors.NOTICE_NOT_OPEN', { date: error.opensOn });
    case 'TOO_LONG':
      return t('feedback.errors.TOO_LONG', { max: error.max, length: error.length });
    default:
      return t(`feedback.errors.${error.code}`);
  }
}
