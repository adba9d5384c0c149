export const IMPORT_ERROR_CODES = ['INVALID_DATA', 'MISSING_FILE', 'UNREADABLE_FILE', 'QUOTA_EXCEEDED', 'WRITE_FAILED'] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

export interface ImportErrorDetails {
  code: ImportErrorCode;
  file: string;
  line?: number;
  reason: string;
}

/** Why an import stopped, naming the file (and line) so county staff can fix the data they published. */
export class ImportError extends Error {
  readonly code: ImportErrorCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly reason: string;

  constructor({ code, file, line, reason }: ImportErrorDetails) {
    super(line === undefined ? `${file}: ${reason}` : `${file} line ${line}: ${reason}`);
    this.name = 'ImportError';
    this.code = code;
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  toDetails(): ImportErrorDetails {
    return this.line === undefined
      ? { code: this.code, file: this.file, reason: this.reason }
      : { code: this.code, file: this.file, line: this.line, reason: this.reason };
  }
}

export function invalidData(file: string, reason: string, line?: number): ImportError {
  return new ImportError(line === undefined ? { code: 'INVALID_DATA', file, reason } : { code: 'INVALID_DATA', file, line, reason });
}

/** Thrown by a source when the county did not publish a file (HTTP 404, no such file). */
export class CountyFileMissingError extends Error {
  constructor(readonly file: string) {
    super(`${file} is missing`);
    this.name = 'CountyFileMissingError';
  }
}

/**
 * IndexedDB reports a full disk as QuotaExceededError; Dexie may wrap it (inner) or, for bulk
 * writes, list it among per-row failures, so every layer is looked at.
 */
export function isQuotaExceeded(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const e = error as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (e.name === 'QuotaExceededError') return true;
  if (isQuotaExceeded(e.inner, depth + 1) || isQuotaExceeded(e.cause, depth + 1)) return true;
  return Array.isArray(e.failures) && e.failures.some((f) => isQuotaExceeded(f, depth + 1));
}

/** Turns whatever a write threw into an ImportError; a full disk gets its own code so the screen can say so. */
export function writeFailure(file: string, error: unknown): ImportError {
  if (error instanceof ImportError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isQuotaExceeded(error)) {
    return new ImportError({ code: 'QUOTA_EXCEEDED', file, reason: `the disk is full; free space and import again (${message})` });
  }
  return new ImportError({ code: 'WRITE_FAILED', file, reason: message });
}

/** Turns a failed read into an ImportError naming the file. */
export function readFailure(file: string, error: unknown): ImportError {
  if (error instanceof ImportError) return error;
  if (error instanceof CountyFileMissingError) return new ImportError({ code: 'MISSING_FILE', file, reason: 'the file is missing' });
  const message = error instanceof Error ? error.message : String(error);
  return new ImportError({ code: 'UNREADABLE_FILE', file, reason: `could not be read: ${message}` });
}
