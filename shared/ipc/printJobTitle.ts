import { PRINT_JOB_NAME_MAX_LENGTH } from './methods';

/**
 * Chromium names a print job (and the default "save as PDF" file) after the document title and
 * offers no other way to set it, so both bridges swap the title for the duration of a print.
 */
export interface TitledDocument {
  title: string;
}

/** The job name if the request plausibly carries one; the real validation happens in main / the web bridge. */
export function jobNameOf(request: unknown): string | null {
  if (typeof request !== 'object' || request === null) return null;
  const jobName: unknown = (request as { jobName?: unknown }).jobName;
  if (typeof jobName !== 'string' || jobName.length === 0 || jobName.length > PRINT_JOB_NAME_MAX_LENGTH) return null;
  return jobName;
}

export async function withDocumentTitle<T>(
  document: TitledDocument | undefined,
  title: string | null,
  run: () => Promise<T>,
): Promise<T> {
  if (!document || title === null) return run();
  const previous = document.title;
  document.title = title;
  try {
    return await run();
  } finally {
    document.title = previous;
  }
}
