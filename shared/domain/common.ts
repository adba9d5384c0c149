import { z } from 'zod';

/** ISO calendar date, e.g. 2024-05-20. The kiosk clock is never trusted for ordering. */
export const isoDateSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date like 2024-05-20');
export const isoDateTimeSchema = z.string().datetime({ offset: true });
export const fenSchema = z.number().int().min(0).max(10_000_000_000);
export const yearSchema = z.number().int().min(2000).max(2100);
/** 12-digit statistical code of a village (村), 9 digits for a township (乡镇). */
export const villageCodeSchema = z.string().regex(/^\d{12}$/, 'village code is 12 digits');
export const townshipCodeSchema = z.string().regex(/^\d{9}$/, 'township code is 9 digits');
export const phoneSchema = z.string().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}|\d{5,8})$/, 'not a phone number');
export const householdNoSchema = z.string().regex(/^\d{6}$/, 'household number is 6 digits');
export const shortText = z.string().trim().min(1).max(200);
export const longText = z.string().max(20_000);
