import { z } from 'zod';
import { kioskScopeSchema } from '../../../../shared/demo/manifest';
import { isoDateSchema } from '../../../../shared/domain/common';

export const importProgressSchema = z.object({
  phase: z.enum(['validating', 'writing']),
  /** Rows of disbursements.csv read so far in this phase (in scope or not). */
  rows: z.number().int().min(0),
  totalRows: z.number().int().min(0),
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

const count = z.number().int().min(0);

export const importResultSchema = z.object({
  scope: kioskScopeSchema,
  dataAsOf: isoDateSchema,
  /** Rows in the published file. */
  fileRows: count,
  /** Rows stored: those of the kiosk's scope. */
  disbursements: count,
  households: count,
  programs: count,
  projects: count,
  notices: count,
  serviceItems: count,
  holidays: count,
  /** Time spent writing (pass 2), for throughput figures. */
  writeMs: z.number().min(0),
  totalMs: z.number().min(0),
});
export type ImportResult = z.infer<typeof importResultSchema>;
