import { describe, expect, it } from 'vitest';
import { decryptBackup, encryptBackup, encryptedBackupSchema, BACKUP_KDF_ITERATIONS } from '../../../renderer/src/backup/backupCrypto';
import { BackupError, type BackupErrorCode } from '../../../renderer/src/backup/backupError';
import { base64ToBytes, bytesToBase64 } from '../../../renderer/src/backup/base64';

const PASSWORD = '村务备份 2026!';
const encoder = new TextEncoder();

function plaintextOf(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

async function expectBackupError(promise: Promise<unknown>, code: BackupErrorCode): Promise<void> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(BackupError);
  expect((error as BackupError).code).toBe(code);
}

function envelopeOf(file: Uint8Array): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(file)) as Record<string, unknown>;
}

function fileOf(envelope: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(envelope));
}

describe('backup encryption', () => {
  it('round-trips text, with a fresh salt and iv per file and the plaintext nowhere in the file', async () => {
    const text = JSON.stringify({ names: Array.from({ length: 500 }, (_, i) => `王秀英-${i}`) });
    const first = await encryptBackup(plaintextOf(text), PASSWORD);
    const second = await encryptBackup(plaintextOf(text), PASSWORD);

    expect(new TextDecoder().decode(await decryptBackup(first, PASSWORD))).toBe(text);
    const a = encryptedBackupSchema.parse(envelopeOf(first));
    const b = encryptedBackupSchema.parse(envelopeOf(second));
    expect(a.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: BACKUP_KDF_ITERATIONS });
    expect(base64ToBytes(a.kdf.salt)).toHaveLength(16);
    expect(base64ToBytes(a.cipher.iv)).toHaveLength(12);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    expect(new TextDecoder().decode(first)).not.toContain('王秀英');
    // Compressed before encryption: 500 near-identical names shrink well below their own size.
    expect(base64ToBytes(a.data).length).toBeLessThan(text.length / 3);
  });

  it('refuses a wrong password', async () => {
    const file = await encryptBackup(plaintextOf('secret'), PASSWORD);
    await expectBackupError(decryptBackup(file, 'another password'), 'wrongPasswordOrDamaged');
  });

  it('refuses a ciphertext with one flipped bit', async () => {
    const envelope = envelopeOf(await encryptBackup(plaintextOf('secret records'), PASSWORD));
    const data = base64ToBytes(envelope.data as string);
    data[Math.floor(data.length / 2)]! ^= 0x01;
    await expectBackupError(decryptBackup(fileOf({ ...envelope, data: bytesToBase64(data) }), PASSWORD), 'wrongPasswordOrDamaged');
  });

  it('refuses a changed iteration count (a different key) as a wrong password or damaged file', async () => {
    const envelope = envelopeOf(await encryptBackup(plaintextOf('secret'), PASSWORD));
    const kdf = { ...(envelope.kdf as object), iterations: BACKUP_KDF_ITERATIONS + 1 };
    await expectBackupError(decryptBackup(fileOf({ ...envelope, kdf }), PASSWORD), 'wrongPasswordOrDamaged');
  });

  it('refuses a file cut short, anywhere', async () => {
    const file = await encryptBackup(plaintextOf('secret'), PASSWORD);
    for (const keep of [file.length - 1, Math.floor(file.length / 2), 60]) {
      await expectBackupError(decryptBackup(file.subarray(0, keep), PASSWORD), 'damaged');
    }
  });

  it('refuses ciphertext cut short at a base64 boundary', async () => {
    const envelope = envelopeOf(await encryptBackup(plaintextOf('secret records'), PASSWORD));
    const data = base64ToBytes(envelope.data as string);
    const shorter = bytesToBase64(data.subarray(0, data.length - 3));
    await expectBackupError(decryptBackup(fileOf({ ...envelope, data: shorter }), PASSWORD), 'wrongPasswordOrDamaged');
  });

  it('refuses foreign JSON, non-JSON and binary files as not a backup', async () => {
    await expectBackupError(decryptBackup(fileOf({ hello: 'world' }), PASSWORD), 'notABackup');
    await expectBackupError(decryptBackup(fileOf([1, 2, 3]), PASSWORD), 'notABackup');
    await expectBackupError(decryptBackup(encoder.encode('name,phone\n王秀英,13800000000\n'), PASSWORD), 'notABackup');
    await expectBackupError(decryptBackup(new Uint8Array([0x1f, 0x8b, 0xff, 0xfe, 0x00]), PASSWORD), 'notABackup');
  });

  it('refuses a later version and an envelope with a missing or weakened field', async () => {
    const envelope = envelopeOf(await encryptBackup(plaintextOf('secret'), PASSWORD));
    await expectBackupError(decryptBackup(fileOf({ ...envelope, version: 2 }), PASSWORD), 'unsupportedVersion');
    const { cipher: _cipher, ...withoutCipher } = envelope;
    await expectBackupError(decryptBackup(fileOf(withoutCipher), PASSWORD), 'damaged');
    const weak = { ...envelope, kdf: { ...(envelope.kdf as object), iterations: 1000 } };
    await expectBackupError(decryptBackup(fileOf(weak), PASSWORD), 'damaged');
    await expectBackupError(decryptBackup(fileOf({ ...envelope, data: 'not base64!' }), PASSWORD), 'damaged');
  });
});
