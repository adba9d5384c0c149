import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Bearer tokens and enrollment codes are stored only as this digest. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** 32 random bytes, base64url: 43 characters, fits the wire schema's 32–200. */
export function newDeviceToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Letters and digits a person reads off a screen without confusing 0/O or 1/I/L. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ENROLLMENT_CODE_LENGTH = 12;

/** 12 symbols of 31: about 59 bits, far beyond what the rate-limited enrollment route lets anyone guess. */
export function newEnrollmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLLMENT_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
