import { z } from 'zod';
import { fenSchema, householdNoSchema, isoDateSchema, phoneSchema, townshipCodeSchema, villageCodeSchema, yearSchema } from './common';
import { quantityUnitSchema } from './fundProgram';

export const DISBURSEMENT_STATUSES = ['paid', 'pending', 'failed', 'returned'] as const;
export const disbursementStatusSchema = z.enum(DISBURSEMENT_STATUSES);
export type DisbursementStatus = z.infer<typeof disbursementStatusSchema>;

/** One payment line: one household, one program, one period. The ID number is stored masked only. */
export const disbursementSchema = z
  .object({
    id: z.string().min(1).max(80),
    programId: z.string().regex(/^[A-Z]{2,8}-\d{4}$/),
    year: yearSchema,
    period: z.number().int().min(1).max(12),
    townshipCode: townshipCodeSchema,
    villageCode: villageCodeSchema,
    group: z.number().int().min(1).max(99),
    householdNo: householdNoSchema,
    headName: z.string().min(1).max(20),
    idMasked: z.string().regex(/^\d{6}\*{8}\d{3}[\dX]$/, 'ID number must be stored masked (first 6 + last 4)'),
    accountLast4: z.string().regex(/^\d{4}$/),
    quantityHundredths: z.number().int().min(0).max(100_000_000),
    unit: quantityUnitSchema,
    rateFen: fenSchema,
    dueFen: fenSchema,
    paidFen: fenSchema,
    paidDate: isoDateSchema.nullable(),
    status: disbursementStatusSchema,
    failureReason: z.string().max(100),
  })
  .refine((d) => d.paidFen <= d.dueFen, { message: 'paid exceeds due', path: ['paidFen'] })
  .refine((d) => d.status !== 'paid' || d.paidDate !== null, { message: 'a paid row needs a paid date', path: ['paidDate'] })
  .refine((d) => (d.status === 'failed' || d.status === 'returned') === (d.failureReason.length > 0), {
    message: 'failed and returned rows need a reason, others must not have one',
    path: ['failureReason'],
  });
export type Disbursement = z.infer<typeof disbursementSchema>;

/** Contact lines printed with every disbursement in the public-notice layout. */
export const noticeContactSchema = z.object({ consultPhone: phoneSchema, supervisePhone: phoneSchema });
