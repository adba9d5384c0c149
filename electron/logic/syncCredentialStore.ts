import { join } from 'node:path';
import { z } from 'zod';
import { syncCredentialsSchema, type SyncCredentials } from '../../shared/ipc/syncEnrollment';

/**
 * Where the Electron kiosk keeps its county token: one file under userData, encrypted with the
 * operating system's key store (Electron safeStorage: DPAPI on Windows, Keychain, libsecret). Nothing
 * here imports electron; main passes safeStorage and the file system in, so it is tested with fakes.
 */

/** The shape of Electron's safeStorage this store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface CredentialFiles {
  /** The file's bytes, or null when it does not exist. */
  readFile(path: string): Promise<Uint8Array | null>;
  /** Writes and flushes to disk (owner-only permissions where the OS has them). */
  writeFileDurably(path: string, data: Uint8Array): Promise<void>;
  /** Replaces `to` with `from` in one step. */
  rename(from: string, to: string): Promise<void>;
  /** Deletes the file; false when there was none. */
  remove(path: string): Promise<boolean>;
}

export const SYNC_CREDENTIALS_FILE_NAME = 'sync-credentials.bin';

/** Thrown instead of ever writing the token in plain text. */
export class CredentialStorageError extends Error {
  override name = 'CredentialStorageError';
}

export interface SyncCredentialStore {
  /** Whether a token can be stored at all; checked before enrolling, so a code is not spent in vain. */
  canStore(): boolean;
  /** The stored credentials; null when not enrolled, or when the file cannot be decrypted or parsed. */
  read(): Promise<SyncCredentials | null>;
  write(credentials: SyncCredentials): Promise<void>;
  /** Deletes the credentials; false when there were none. */
  forget(): Promise<boolean>;
}

export interface SyncCredentialStoreOptions {
  safeStorage: SafeStorageLike;
  files: CredentialFiles;
  /** app.getPath('userData') */
  dir: string;
  /** Told why a present file was unreadable (the token itself is never passed). */
  logError?: (message: string, error: unknown) => void;
}

/** The plain text inside the encryption: versioned, so a later format can read this one. */
const storedFileSchema = z.strictObject({ format: z.literal(1), credentials: syncCredentialsSchema });

export function createSyncCredentialStore(options: SyncCredentialStoreOptions): SyncCredentialStore {
  const path = join(options.dir, SYNC_CREDENTIALS_FILE_NAME);
  const tempPath = `${path}.tmp`;
  const canStore = (): boolean => {
    try {
      return options.safeStorage.isEncryptionAvailable();
    } catch {
      return false;
    }
  };

  return {
    canStore,

    async read() {
      const bytes = await options.files.readFile(path);
      if (bytes === null) return null;
      try {
        const text = options.safeStorage.decryptString(Buffer.from(bytes));
        return storedFileSchema.parse(JSON.parse(text)).credentials;
      } catch (error) {
        // A corrupt file, or one encrypted under another OS user or machine: the kiosk is simply not
        // enrolled any more and the agent enrols again; refusing to start would help nobody.
        options.logError?.('sync credentials: the stored file cannot be read; treating the kiosk as not enrolled', errorName(error));
        return null;
      }
    },

    async write(credentials) {
      if (!canStore()) {
        throw new CredentialStorageError('this computer offers no encryption for stored secrets (safeStorage unavailable); the token was not saved');
      }
      const checked = syncCredentialsSchema.parse(credentials);
      const encrypted = options.safeStorage.encryptString(JSON.stringify({ format: 1, credentials: checked }));
      // Temp file then rename: a crash or power cut mid-write leaves the old file or the new one, never half of one.
      await options.files.writeFileDurably(tempPath, new Uint8Array(encrypted));
      await options.files.rename(tempPath, path);
    },

    async forget() {
      const removed = await options.files.remove(path);
      await options.files.remove(tempPath);
      return removed;
    },
  };
}

/** Only the error's kind reaches the log: a decrypt error's message could quote the input. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
