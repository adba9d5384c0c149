import { z } from 'zod';
import { BASE64_PATTERN, base64ToBytes, bytesToBase64 } from './base64';
import { BackupError } from './backupError';

/**
 * The encrypted backup file: a small JSON envelope around gzip-compressed, AES-GCM-encrypted
 * plaintext. The key comes from the administrator's password through PBKDF2-SHA256. AES-GCM
 * authenticates the ciphertext, so a wrong password and a damaged file are both detected (and
 * cannot be told apart, which is why the message names both).
 */
export const ENCRYPTED_BACKUP_FORMAT = 'village-kiosk-backup-encrypted';
export const ENCRYPTED_BACKUP_VERSION = 1;
/** OWASP's 2023 floor for PBKDF2-HMAC-SHA256. */
export const BACKUP_KDF_ITERATIONS = 310_000;
/** A file asking for more would make the kiosk hang on a "wrong password" for minutes. */
const MAX_KDF_ITERATIONS = 5_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;

const base64Of = (bytes: number) =>
  z.string().regex(BASE64_PATTERN, 'not base64').refine((text) => base64ToBytes(text).length === bytes, `expected ${bytes} bytes`);

export const encryptedBackupSchema = z.strictObject({
  format: z.literal(ENCRYPTED_BACKUP_FORMAT),
  version: z.literal(ENCRYPTED_BACKUP_VERSION),
  kdf: z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.number().int().min(BACKUP_KDF_ITERATIONS).max(MAX_KDF_ITERATIONS),
    salt: base64Of(SALT_BYTES),
  }),
  cipher: z.strictObject({ name: z.literal('AES-GCM'), iv: base64Of(IV_BYTES) }),
  compression: z.literal('gzip'),
  data: z.string().min(1).regex(BASE64_PATTERN, 'not base64'),
});
export type EncryptedBackup = z.infer<typeof encryptedBackupSchema>;

/**
 * Bound into the AES-GCM tag: the ciphertext only decrypts under the envelope format it was written for.
 */
const ADDITIONAL_DATA = new TextEncoder().encode(`${ENCRYPTED_BACKUP_FORMAT}/${ENCRYPTED_BACKUP_VERSION}`);

async function deriveKey(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function transform(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const output = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(output).arrayBuffer());
}

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** Compresses and encrypts `plaintext`; returns the file's bytes (UTF-8 JSON). */
export async function encryptBackup(plaintext: Uint8Array<ArrayBuffer>, password: string): Promise<Uint8Array<ArrayBuffer>> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const key = await deriveKey(password, salt, BACKUP_KDF_ITERATIONS);
  const compressed = await transform(plaintext, new CompressionStream('gzip'));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: ADDITIONAL_DATA }, key, compressed);
  const envelope: EncryptedBackup = {
    format: ENCRYPTED_BACKUP_FORMAT,
    version: ENCRYPTED_BACKUP_VERSION,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: BACKUP_KDF_ITERATIONS, salt: bytesToBase64(salt) },
    cipher: { name: 'AES-GCM', iv: bytesToBase64(iv) },
    compression: 'gzip',
    data: bytesToBase64(new Uint8Array(ciphertext)),
  };
  return new TextEncoder().encode(JSON.stringify(envelope));
}

/** Reads the envelope: refuses a file that is not one of ours, from a later version, or cut short. */
export function parseEncryptedBackup(fileBytes: Uint8Array): EncryptedBackup {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fileBytes);
  } catch {
    throw new BackupError('notABackup', 'the file is not text, so it is not a kiosk backup');
  }
  // Our files start with the format (JSON.stringify keeps key order), so a cut-off one still shows it.
  const looksLikeOurs = text.trimStart().startsWith(`{"format":"${ENCRYPTED_BACKUP_FORMAT}"`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (looksLikeOurs) throw new BackupError('damaged', 'the backup file is cut short or damaged (its JSON does not parse)');
    throw new BackupError('notABackup', 'the file is not JSON, so it is not a kiosk backup');
  }
  const head = z.looseObject({ format: z.unknown(), version: z.unknown() }).safeParse(json);
  if (!head.success || head.data.format !== ENCRYPTED_BACKUP_FORMAT) {
    throw new BackupError('notABackup', 'the file is JSON but not a kiosk backup');
  }
  if (head.data.version !== ENCRYPTED_BACKUP_VERSION) {
    throw new BackupError('unsupportedVersion', `backup file version ${String(head.data.version)} is not supported`, {
      version: String(head.data.version),
    });
  }
  const parsed = encryptedBackupSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new BackupError('damaged', `the backup file is damaged: ${where}`);
  }
  return parsed.data;
}

/** Decrypts and decompresses a backup file; the plaintext is returned only if AES-GCM authenticated it. */
export async function decryptBackup(fileBytes: Uint8Array, password: string): Promise<Uint8Array<ArrayBuffer>> {
  const envelope = parseEncryptedBackup(fileBytes);
  const key = await deriveKey(password, base64ToBytes(envelope.kdf.salt), envelope.kdf.iterations);
  let compressed: ArrayBuffer;
  try {
    compressed = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: base64ToBytes(envelope.cipher.iv), additionalData: ADDITIONAL_DATA },
      key,
      base64ToBytes(envelope.data),
    );
  } catch {
    throw new BackupError('wrongPasswordOrDamaged', 'the password is wrong or the file was changed (AES-GCM authentication failed)');
  }
  try {
    return await transform(new Uint8Array(compressed), new DecompressionStream('gzip'));
  } catch {
    // Authenticated yet not gzip: written by something else that knew the password.
    throw new BackupError('damaged', 'the decrypted backup is not gzip data');
  }
}
