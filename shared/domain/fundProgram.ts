import { z } from 'zod';
import { fenSchema, isoDateSchema, phoneSchema, shortText, longText, yearSchema } from './common';

export const PROGRAM_CATEGORIES = ['planting', 'grain', 'machinery', 'ecology', 'livestock', 'livelihood', 'disaster'] as const;
export const programCategorySchema = z.enum(PROGRAM_CATEGORIES);
export type ProgramCategory = z.infer<typeof programCategorySchema>;

/** The allocation process, in the order it happens (下达计划 → … → 完成). */
export const STAGE_KINDS = ['plan', 'register', 'notice', 'townshipReview', 'countyApproval', 'payment', 'done'] as const;
export const stageKindSchema = z.enum(STAGE_KINDS);
export type StageKind = z.infer<typeof stageKindSchema>;

export const QUANTITY_UNITS = ['mu', 'household', 'person', 'head', 'machine'] as const;
export const quantityUnitSchema = z.enum(QUANTITY_UNITS);
export type QuantityUnit = z.infer<typeof quantityUnitSchema>;

export const policyDocumentSchema = z.object({
  docNo: z.string().min(3).max(60), // 文号, e.g. 皖财农〔2024〕12号
  title: shortText,
  issuer: shortText,
  date: isoDateSchema,
  summary: longText,
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

export const allocationStageSchema = z.object({
  kind: stageKindSchema,
  date: isoDateSchema,
  note: z.string().max(500),
});
export type AllocationStage = z.infer<typeof allocationStageSchema>;

export const fundingSourcesSchema = z.object({
  central: fenSchema,
  province: fenSchema,
  city: fenSchema,
  county: fenSchema,
});

export const fundProgramSchema = z
  .object({
    id: z.string().regex(/^[A-Z]{2,8}-\d{4}$/), // code-year, e.g. GDLB-2024
    code: z.string().regex(/^[A-Z]{2,8}$/),
    year: yearSchema,
    name: shortText,
    category: programCategorySchema,
    department: shortText,
    sources: fundingSourcesSchema,
    budgetFen: fenSchema,
    rateFen: fenSchema,
    unit: quantityUnitSchema,
    eligibility: longText,
    documents: z.array(policyDocumentSchema).min(1).max(20),
    stages: z.array(allocationStageSchema).max(STAGE_KINDS.length),
    noticeFrom: isoDateSchema,
    noticeTo: isoDateSchema,
    consultPhone: phoneSchema,
    supervisePhone: phoneSchema,
    status: z.enum(['planned', 'notice', 'paying', 'completed']),
  })
  .refine((p) => p.id === `${p.code}-${p.year}`, { message: 'id must be code-year', path: ['id'] })
  .refine((p) => p.noticeFrom <= p.noticeTo, { message: 'public notice ends before it starts', path: ['noticeTo'] })
  .refine((p) => p.sources.central + p.sources.province + p.sources.city + p.sources.county === p.budgetFen, {
    message: 'funding sources must add up to the budget',
    path: ['budgetFen'],
  });
export type FundProgram = z.infer<typeof fundProgramSchema>;
