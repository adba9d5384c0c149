import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Staff passwords, hashed with scrypt from Node's crypto (no native dependency). The stored string
 * names its parameters — `scrypt$N$r$p$salt$hash` (base64) — so they can be raised later and old
 * hashes still verify.
 *
 * N = 2^15, r = 8 costs 32 MiB and roughly 50–100 ms per hash: slow enough to make an offline
 * guess expensive, cheap enough that a handful of concurrent sign-ins cannot exhaust the server.
 */
const PARAMETERS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Node refuses above 32 MiB by default; scrypt needs 128·N·r bytes plus headroom. */
const MAX_MEMORY = 128 * PARAMETERS.N * PARAMETERS.r * 2;
const PREFIX = 'scrypt';

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, PARAMETERS);
  return [PREFIX, PARAMETERS.N, PARAMETERS.r, PARAMETERS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const [prefix, n, r, p, salt, key, ...rest] = stored.split('$');
  if (prefix !== PREFIX || rest.length > 0 || salt === undefined || key === undefined) return undefined;
  const numbers = [n, r, p].map(Number);
  if (!numbers.every((x) => Number.isSafeInteger(x) && x > 0)) return undefined;
  const [N = 0, rr = 0, pp = 0] = numbers;
  // Bounded, so a tampered row cannot make one sign-in allocate gigabytes.
  if (N > 2 ** 20 || rr > 32 || pp > 16) return undefined;
  return { N, r: rr, p: pp, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** Constant-time comparison of the derived key; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined || parsed.key.length === 0) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, { N: parsed.N, r: parsed.r, p: parsed.p });
  return timingSafeEqual(key, parsed.key);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as checking a real password, for a name that has no account (or one that
 * may not sign in), so the response time does not tell which names exist.
 */
export async function spendPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
}
