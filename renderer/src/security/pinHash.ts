import { pinHashSchema, pinSchema, type PinHash } from '../../../shared/domain/agent';

/**
 * PINs are kept only as PBKDF2-SHA256 hashes (WebCrypto: the same code in the kiosk and in Node
 * tests). Six digits are a small space, so the slowness is what protects a stolen database; the
 * lockout protects the screen.
 */
export const PIN_HASH_ITERATIONS = 210_000;
const SALT_BYTES = 16;
const KEY_BITS = 256;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, KEY_BITS);
  return new Uint8Array(bits);
}

/** Same length and content, looked at in full whatever the first difference (no early exit to time). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

export async function hashPin(pin: string, iterations: number = PIN_HASH_ITERATIONS): Promise<PinHash> {
  const checkedPin = pinSchema.parse(pin);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(checkedPin, salt, iterations);
  return pinHashSchema.parse({ algorithm: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), hash: toBase64(hash) });
}

/** Whether `pin` matches the stored hash; false (never a throw) for a malformed PIN or record. */
export async function verifyPin(pin: string, stored: unknown): Promise<boolean> {
  const record = pinHashSchema.safeParse(stored);
  if (!record.success || !pinSchema.safeParse(pin).success) return false;
  const expected = fromBase64(record.data.hash);
  const actual = await derive(pin, fromBase64(record.data.salt), record.data.iterations);
  return constantTimeEqual(actual, expected);
}
