import { z } from 'zod';
import { enrollRequestSchema } from './protocol';

/**
 * A station provisioning file: what the county's IT leaves beside a new kiosk so it enrols itself
 * on first start (and what `npm start` writes for its local county). Used once: a kiosk that is
 * already enrolled ignores it, and the code inside works only once anyway.
 */
export const PROVISIONING_FILE = 'provisioning.json';

export const provisioningSchema = z.strictObject({
  countyUrl: z.string().url().max(300).regex(/^https?:\/\//, 'the county URL must start with http:// or https://'),
  code: enrollRequestSchema.shape.code,
  deviceName: enrollRequestSchema.shape.deviceName,
});
export type Provisioning = z.infer<typeof provisioningSchema>;
