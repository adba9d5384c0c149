import { describe, expect, it } from 'vitest';
import { constantTimeEqual, hashPin, PIN_HASH_ITERATIONS, verifyPin } from '../../../renderer/src/security/pinHash';

describe('pinHash', () => {
  it('stores a salted PBKDF2 hash that only the right PIN matches', async () => {
    const stored = await hashPin('246810');
    expect(stored.algorithm).toBe('PBKDF2-SHA256');
    expect(stored.iterations).toBeGreaterThanOrEqual(210_000);
    expect(stored.iterations).toBe(PIN_HASH_ITERATIONS);
    expect(atob(stored.salt)).toHaveLength(16);
    expect(atob(stored.hash)).toHaveLength(32);
    expect(JSON.stringify(stored)).not.toContain('246810');
    expect(await verifyPin('246810', stored)).toBe(true);
    expect(await verifyPin('246811', stored)).toBe(false);
  });

  it('salts: the same PIN hashes differently twice', async () => {
    const [a, b] = await Promise.all([hashPin('135790'), hashPin('135790')]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });

  it('refuses malformed PINs and records', async () => {
    await expect(hashPin('12345')).rejects.toThrow();
    await expect(hashPin('12345a')).rejects.toThrow();
    const stored = await hashPin('000000');
    expect(await verifyPin('00000', stored)).toBe(false);
    expect(await verifyPin('000000', { ...stored, algorithm: 'MD5' })).toBe(false);
    expect(await verifyPin('000000', null)).toBe(false);
  });

  it('compares byte arrays in full', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });
});
