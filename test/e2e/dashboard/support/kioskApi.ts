import { randomUUID } from 'node:crypto';
import type { Locator } from 'playwright-core';
import QRCode from 'qrcode';
import { enrollResponseSchema, pullResponseSchema, type Change, type EnrollResponse } from '../../../../shared/sync/protocol';

/**
 * What a kiosk does against the county, over real HTTP: enrol with a code and pull its streams.
 * Dashboard tests use it to check that what an admin did reaches the kiosks.
 */
export async function enrollKiosk(origin: string, code: string, deviceName = 'dashboard test kiosk'): Promise<EnrollResponse> {
  const response = await fetch(`${origin}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName, authorId: randomUUID() }),
  });
  if (!response.ok) throw new Error(`enroll answered ${response.status}: ${await response.text()}`);
  return enrollResponseSchema.parse(await response.json());
}

/** Every change the device would pull from the start, page by page, in order. */
export async function pullEverything(origin: string, token: string): Promise<Change[]> {
  const changes: Change[] = [];
  let since = '';
  for (let page = 0; page < 1_000; page++) {
    const response = await fetch(`${origin}/api/v1/sync/pull?since=${encodeURIComponent(since)}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`pull answered ${response.status}: ${await response.text()}`);
    const body = pullResponseSchema.parse(await response.json());
    changes.push(...body.changes);
    since = body.next;
    if (!body.hasMore) return changes;
  }
  throw new Error('pull did not finish within 1,000 pages');
}

/** The latest value of every key of one stream, as a kiosk ends up holding it (deletes remove the key). */
export function currentValues(changes: readonly Change[], stream: Change['stream']): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const change of changes) {
    if (change.stream !== stream) continue;
    if (change.op === 'delete') values.delete(change.key);
    else values.set(change.key, change.value);
  }
  return values;
}

export async function deviceMeStatus(origin: string, token: string): Promise<number> {
  const response = await fetch(`${origin}/api/v1/devices/me`, { headers: { authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Reads a QR code image on the page back into its dark/light module grid (sampling the centre of
 * each module of the image's own pixels, not the scaled rendering) and compares it with the grid
 * the qrcode library makes for `payload`. Equal grids mean a scanner reads exactly `payload`.
 */
export async function qrImageMatches(image: Locator, payload: string, options: { errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H'; margin: number }): Promise<boolean> {
  const expected = QRCode.create(payload, { errorCorrectionLevel: options.errorCorrectionLevel }).modules;
  const size = expected.size;
  const seen = await image.evaluate(
    (element, { size, margin }) => {
      const img = element as HTMLImageElement;
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      if (context === null || img.naturalWidth !== img.naturalHeight) return null;
      context.drawImage(img, 0, 0);
      const scale = img.naturalWidth / (size + 2 * margin);
      if (!Number.isInteger(scale)) return null;
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const grid: boolean[] = [];
      for (let row = 0; row < size; row++) {
        for (let col = 0; col < size; col++) {
          const x = Math.floor((col + margin + 0.5) * scale);
          const y = Math.floor((row + margin + 0.5) * scale);
          grid.push((pixels[(y * canvas.width + x) * 4] ?? 255) < 128);
        }
      }
      return grid;
    },
    { size, margin: options.margin },
  );
  if (seen === null) return false;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (seen[row * size + col] !== Boolean(expected.get(row, col))) return false;
    }
  }
  return true;
}
