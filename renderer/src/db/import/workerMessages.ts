import { z } from 'zod';
import { kioskScopeSchema } from '../../../../shared/demo/manifest';
import { IMPORT_ERROR_CODES } from './importError';
import { importProgressSchema, importResultSchema } from './importResult';

/** Page → worker: import the file set found at baseUrl (absolute: the worker's own URL differs). */
export const startImportMessageSchema = z.object({
  type: z.literal('start'),
  baseUrl: z.string().url(),
  scope: kioskScopeSchema.optional(),
  databaseName: z.string().min(1).optional(),
});
export type StartImportMessage = z.infer<typeof startImportMessageSchema>;

export const importErrorDetailsSchema = z.object({
  code: z.enum(IMPORT_ERROR_CODES),
  file: z.string(),
  line: z.number().int().min(1).optional(),
  reason: z.string(),
});

/** Worker → page. */
export const importWorkerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), progress: importProgressSchema }),
  z.object({ type: z.literal('result'), result: importResultSchema }),
  z.object({ type: z.literal('error'), error: importErrorDetailsSchema }),
]);
export type ImportWorkerMessage = z.infer<typeof importWorkerMessageSchema>;
