/**
 * Station numbers: the county gives each kiosk of a village a number 1–9 at enrollment, the first
 * digit of the 3-digit sequence of its receipt and ticket numbers (shared/cases/receiptNo.ts); a
 * kiosk not enrolled yet numbers as station 0. Kept free of zod so the wire protocol and settings
 * can use the bounds without pulling the case schemas into the renderer's entry chunk, which runs
 * before zodCsp.ts turns off zod's eval probe.
 */
export const UNENROLLED_STATION_NO = 0;
export const MAX_STATION_NO = 9;
