import { z } from 'zod';
import { shortText, townshipCodeSchema, villageCodeSchema } from './common';

export const villageSchema = z.object({
  code: villageCodeSchema,
  name: shortText,
  townshipCode: townshipCodeSchema,
  groups: z.number().int().min(1).max(99),
});
export type Village = z.infer<typeof villageSchema>;

export const townshipSchema = z.object({ code: townshipCodeSchema, name: shortText });
export type Township = z.infer<typeof townshipSchema>;

export const countySchema = z.object({
  code: z.string().regex(/^\d{6}$/),
  name: shortText,
  province: shortText,
  city: shortText,
  townships: z.array(townshipSchema).min(1),
  villages: z.array(villageSchema).min(1),
});
export type County = z.infer<typeof countySchema>;
