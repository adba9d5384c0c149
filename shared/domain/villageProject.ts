import { z } from 'zod';
import { fenSchema, isoDateSchema, longText, shortText, villageCodeSchema, yearSchema } from './common';

export const PROJECT_CATEGORIES = ['road', 'irrigation', 'water', 'housing', 'environment', 'industry'] as const;

export const villageProjectSchema = z
  .object({
    id: z.string().regex(/^[A-Z0-9-]{4,40}$/),
    villageCode: villageCodeSchema,
    year: yearSchema,
    name: shortText,
    category: z.enum(PROJECT_CATEGORIES),
    fundingSource: shortText,
    budgetFen: fenSchema,
    spentFen: fenSchema,
    contractor: shortText,
    startDate: isoDateSchema,
    endDate: isoDateSchema.nullable(),
    progressPct: z.number().int().min(0).max(100),
    acceptance: z.enum(['notStarted', 'pending', 'passed', 'failed']),
    acceptanceDate: isoDateSchema.nullable(),
    description: longText,
  })
  .refine((p) => p.spentFen <= p.budgetFen * 2, { message: 'spent is more than twice the budget', path: ['spentFen'] });
export type VillageProject = z.infer<typeof villageProjectSchema>;
