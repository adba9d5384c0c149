import QRCode from 'qrcode';

/**
 * What the enrollment QR code holds: the county's address and the one-time code, under the same
 * names as a kiosk's provisioning file (shared/sync/provisioning.ts, minus deviceName, which the
 * technician types at the station). A kiosk's camera or a phone reads everything it needs to enrol.
 */
export function enrollmentQrPayload(countyUrl: string, code: string): string {
  return JSON.stringify({ countyUrl, code });
}

/** Fixed so a test can rebuild the module grid from the same payload and compare pixel by pixel. */
export const ENROLLMENT_QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2, scale: 8 } as const;

export function enrollmentQrDataUrl(payload: string): Promise<string> {
  return QRCode.toDataURL(payload, { ...ENROLLMENT_QR_OPTIONS, type: 'image/png' });
}
