/** A backup leaves the kiosk on a USB stick: the password is all that protects residents' records. */
export const MIN_BACKUP_PASSWORD_LENGTH = 8;
const MAX_BACKUP_PASSWORD_LENGTH = 128;

export type BackupPasswordProblem = 'tooShort' | 'tooLong' | 'mismatch';

/** What is wrong with a new backup password and its confirmation, or null when both are fine. */
export function backupPasswordProblem(password: string, confirmation: string): BackupPasswordProblem | null {
  // Counted in code points so a password of Chinese characters is measured as the person typed it.
  const length = [...password].length;
  if (length < MIN_BACKUP_PASSWORD_LENGTH) return 'tooShort';
  if (length > MAX_BACKUP_PASSWORD_LENGTH) return 'tooLong';
  if (password !== confirmation) return 'mismatch';
  return null;
}
