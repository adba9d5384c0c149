import { z } from 'zod';
import { fenSchema, isoDateSchema, longText, shortText } from './common';

export const requiredMaterialSchema = z.object({
  name: shortText,
  copies: z.number().int().min(0).max(20),
  original: z.boolean(),
  note: z.string().max(200),
});

export const serviceItemSchema = z.object({
  code: z.string().regex(/^[A-Z]{2}\d{3}$/),
  name: shortText,
  department: shortText,
  materials: z.array(requiredMaterialSchema).min(1).max(30),
  promisedDays: z.number().int().min(1).max(120),
  feeFen: fenSchema,
  legalBasis: shortText,
  description: longText,
});
export type ServiceItem = z.infer<typeof serviceItemSchema>;

export const holidaySchema = z.object({
  date: isoDateSchema,
  name: shortText,
  /** 'off': a public holiday; 'workday': a weekend day worked in exchange (调休). */
  kind: z.enum(['off', 'workday']),
});
export type Holiday = z.infer<typeof holidaySchema>;
