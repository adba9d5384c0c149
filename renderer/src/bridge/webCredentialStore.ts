import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import { z } from 'zod';
import { syncCredentialsSchema, type SyncCredentials } from '../../../shared/ipc/syncEnrollment';

/**
 * Web mode's place for the county token (Electron keeps it encrypted in the main process instead).
 * A small IndexedDB database of its own rather than the kiosk database's settings table, because
 * that database is the village's data: the backup, the "is this kiosk fresh?" check before a
 * restore, a restore's wipe and an epoch reset all walk its tables, and none of them should copy,
 * count or delete the token. Forgetting the enrollment deletes this record; nothing else touches it.
 */
export const WEB_CREDENTIALS_DB_NAME = 'village-kiosk-credentials';

interface CredentialRecord {
  key: 'sync';
  value: unknown;
}

const storedValueSchema = z.strictObject({ format: z.literal(1), credentials: syncCredentialsSchema });

export interface WebCredentialStore {
  /** null when not enrolled, or when the stored record no longer parses. */
  read(): Promise<SyncCredentials | null>;
  write(credentials: SyncCredentials): Promise<void>;
  /** false when there was nothing to forget. */
  forget(): Promise<boolean>;
}

class CredentialDatabase extends Dexie {
  credentials!: EntityTable<CredentialRecord, 'key'>;

  constructor(name: string, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({ credentials: 'key' });
  }
}

export function createWebCredentialStore(name: string = WEB_CREDENTIALS_DB_NAME, options?: DexieOptions): WebCredentialStore {
  // Opened on first use: a kiosk that never enrols never creates the database.
  let db: CredentialDatabase | null = null;
  const open = (): CredentialDatabase => (db ??= new CredentialDatabase(name, options));
  return {
    async read() {
      const record = await open().credentials.get('sync');
      if (!record) return null;
      const parsed = storedValueSchema.safeParse(record.value);
      return parsed.success ? parsed.data.credentials : null;
    },
    async write(credentials) {
      const value = storedValueSchema.parse({ format: 1, credentials });
      await open().credentials.put({ key: 'sync', value });
    },
    async forget() {
      const table = open().credentials;
      return table.db.transaction('rw', table, async () => {
        const existed = (await table.get('sync')) !== undefined;
        await table.delete('sync');
        return existed;
      });
    },
  };
}
