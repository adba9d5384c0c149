/**
 * Why a backup could not be written, read or restored. The code picks the plain-words message on
 * screen (i18n `backup.errors.<code>`); params fill it in; message is the technical English detail.
 */
export const BACKUP_ERROR_CODES = [
  'notABackup',
  'unsupportedVersion',
  'damaged',
  'wrongPasswordOrDamaged',
  'invalidContent',
  'brokenAuditChain',
  'notFresh',
  'noVillage',
  'otherVillage',
  'noActiveAdmin',
  'notAdmin',
  'weakPassword',
  'invalidPin',
] as const;
export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[number];

export type BackupErrorParams = Record<string, string | number>;

export class BackupError extends Error {
  readonly code: BackupErrorCode;
  readonly params: BackupErrorParams;

  constructor(code: BackupErrorCode, message: string, params: BackupErrorParams = {}) {
    super(message);
    this.name = 'BackupError';
    this.code = code;
    this.params = params;
  }
}

export function isBackupError(error: unknown): error is BackupError {
  return error instanceof BackupError;
}
