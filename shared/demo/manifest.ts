import { z } from 'zod';
import { isoDateSchema, townshipCodeSchema, villageCodeSchema } from '../domain/common';

/** Version of the demo/county file set; bump when the layout changes. */
export const DEMO_FORMAT_VERSION = 1;

export const DEMO_FILES = {
  manifest: 'manifest.json',
  county: 'county.json',
  programs: 'programs.json',
  disbursements: 'disbursements.csv',
  projects: 'projects.json',
  notices: 'notices.json',
  serviceItems: 'service-items.json',
  holidays: 'holidays.json',
} as const;

/** What a kiosk keeps: one village (a station), or a whole township (a township centre, or a benchmark). */
export const kioskScopeSchema = z.object({
  townshipCode: townshipCodeSchema,
  villageCode: villageCodeSchema.nullable(),
});
export type KioskScope = z.infer<typeof kioskScopeSchema>;

export const demoManifestSchema = z.object({
  format: z.literal(DEMO_FORMAT_VERSION),
  seed: z.number().int(),
  households: z.number().int().min(1),
  years: z.number().int().min(1).max(30),
  firstYear: z.number().int(),
  lastYear: z.number().int(),
  /** The date the county published this data ("data as of"). */
  dataAsOf: isoDateSchema,
  /** The station a kiosk loading this set represents by default. */
  station: kioskScopeSchema,
  counts: z.object({
    disbursements: z.number().int().min(0),
    programs: z.number().int().min(0),
    projects: z.number().int().min(0),
    notices: z.number().int().min(0),
    serviceItems: z.number().int().min(0),
    holidays: z.number().int().min(0),
  }),
});
export type DemoManifest = z.infer<typeof demoManifestSchema>;
