import type { z } from 'zod';

/** Field path ("documents.0.docNo") → the first message the schema gave for it. */
export type FieldErrors = Record<string, string>;

export type MessageTranslator = (key: string) => string;

/**
 * Turns a schema's issues into per-field messages. Missing text and wrong types get the locale's
 * words; the domain rules (a refine such as "funding sources must add up to the budget") keep the
 * schema's own message, which is the rule stated once, in shared/.
 */
export function fieldErrorsOf(error: z.ZodError, t: MessageTranslator): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (path in errors) continue;
    errors[path] = messageOf(issue, t);
  }
  return errors;
}

function messageOf(issue: z.core.$ZodIssue, t: MessageTranslator): string {
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return t('content.errors.required');
  if (issue.code === 'too_small' && issue.origin === 'array') return t('content.errors.atLeastOne');
  if (issue.code === 'invalid_type') return t('content.errors.invalid');
  return issue.message;
}
