import { isBackupError } from './backupError';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A refused backup or restore in the administrator's words (i18n `backup.errors`). */
export function backupErrorText(error: unknown, t: Translate): string {
  if (isBackupError(error)) return t(`backup.errors.${error.code}`, error.params);
  return t('backup.errors.unexpected', { message: error instanceof Error ? error.message : String(error) });
}
