import { z } from 'zod';
import { isoDateSchema, longText, shortText, villageCodeSchema } from './common';

export const noticeSchema = z.object({
  id: z.string().regex(/^[A-Z0-9-]{4,40}$/),
  /** null: county-wide, shown in every village. */
  villageCode: villageCodeSchema.nullable(),
  category: z.enum(['funds', 'policy', 'service', 'village']),
  title: shortText,
  body: longText,
  publishedOn: isoDateSchema,
});
export type Notice = z.infer<typeof noticeSchema>;
