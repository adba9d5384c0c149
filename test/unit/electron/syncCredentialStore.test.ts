import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeCredentialFiles } from '../../../electron/logic/fsAdapter';
import {
  CredentialStorageError,
  createSyncCredentialStore,
  SYNC_CREDENTIALS_FILE_NAME,
  type CredentialFiles,
  type SafeStorageLike,
} from '../../../electron/logic/syncCredentialStore';
import type { SyncCredentials } from '../../../shared/ipc/syncEnrollment';

const DIR = '/userData';
const FILE = join(DIR, SYNC_CREDENTIALS_FILE_NAME);
const TOKEN = 'tOkEn_abcdefghijklmnopqrstuvwxyz0123456789-_';

const CREDENTIALS: SyncCredentials = {
  enrollment: {
    countyUrl: 'https://county.example.cn',
    deviceId: '01938a2b-0000-7000-8000-000000000001',
    villageCode: '130123104201',
    deviceName: '东村服务站',
    enrolledAt: '2026-11-27T10:00:00.000Z',
    epoch: 1,
    stationNo: 1,
  },
  token: TOKEN,
};

/** A reversible stand-in for the OS key store: XOR with a key, behind a header it checks on decrypt. */
function fakeSafeStorage(available = true, key = 0x5a): SafeStorageLike & { available: boolean } {
  const header = Buffer.from('v10');
  return {
    available,
    isEncryptionAvailable() {
      return this.available;
    },
    encryptString: (plain) => Buffer.concat([header, Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ key))]),
    decryptString: (encrypted) => {
      if (!encrypted.subarray(0, 3).equals(header)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(encrypted.subarray(3).map((b) => b ^ key)).toString('utf8');
    },
  };
}

function memoryFiles(): CredentialFiles & { files: Map<string, Uint8Array>; log: string[]; failWrites: boolean } {
  const files = new Map<string, Uint8Array>();
  const log: string[] = [];
  return {
    files,
    log,
    failWrites: false,
    async readFile(path) {
      return files.get(path) ?? null;
    },
    async writeFileDurably(path, data) {
      if (this.failWrites) throw new Error('ENOSPC: no space left on device');
      log.push(`write ${path}`);
      files.set(path, data);
    },
    async rename(from, to) {
      log.push(`rename ${from} -> ${to}`);
      const data = files.get(from);
      if (!data) throw new Error('ENOENT');
      files.set(to, data);
      files.delete(from);
    },
    async remove(path) {
      return files.delete(path);
    },
  };
}

describe('sync credential store (fakes)', () => {
  it('keeps the credentials encrypted and reads them back', async () => {
    const files = memoryFiles();
    const store = createSyncCredentialStore({ safeStorage: fakeSafeStorage(), files, dir: DIR });
    expect(await store.read()).toBeNull();
    await store.write(CREDENTIALS);
    expect(await store.read()).toEqual(CREDENTIALS);
    const raw = Buffer.from(files.files.get(FILE) ?? new Uint8Array()).toString('latin1');
    expect(raw.length).toBeGreaterThan(0);
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain('county.example.cn');
  });

  it('writes a temp file and renames it over the old one, so a failed write keeps the old credentials', async () => {
    const files = memoryFiles();
    const store = createSyncCredentialStore({ safeStorage: fakeSafeStorage(), files, dir: DIR });
    await store.write(CREDENTIALS);
    expect(files.log).toEqual([`write ${FILE}.tmp`, `rename ${FILE}.tmp -> ${FILE}`]);

    files.failWrites = true;
    const replacement = { ...CREDENTIALS, token: 'x'.repeat(40) };
    await expect(store.write(replacement)).rejects.toThrow(/ENOSPC/);
    expect(await store.read()).toEqual(CREDENTIALS);
  });

  it('refuses to store anything when the OS offers no encryption, and says so', async () => {
    const files = memoryFiles();
    const safeStorage = fakeSafeStorage(false);
    const store = createSyncCredentialStore({ safeStorage, files, dir: DIR });
    expect(store.canStore()).toBe(false);
    await expect(store.write(CREDENTIALS)).rejects.toBeInstanceOf(CredentialStorageError);
    await expect(store.write(CREDENTIALS)).rejects.toThrow(/no encryption/);
    expect(files.files.size).toBe(0);
  });

  it('treats an isEncryptionAvailable that throws as unavailable', () => {
    const safeStorage = { ...fakeSafeStorage(), isEncryptionAvailable: () => { throw new Error('not ready'); } };
    expect(createSyncCredentialStore({ safeStorage, files: memoryFiles(), dir: DIR }).canStore()).toBe(false);
  });

  it('reads a corrupt, foreign-key or out-of-format file as "not enrolled", logging only the error kind', async () => {
    const files = memoryFiles();
    const logged: unknown[] = [];
    const store = createSyncCredentialStore({ safeStorage: fakeSafeStorage(), files, dir: DIR, logError: (_m, e) => logged.push(e) });

    files.files.set(FILE, new Uint8Array([1, 2, 3, 4]));
    expect(await store.read()).toBeNull();

    const otherMachine = fakeSafeStorage(true, 0x33);
    files.files.set(FILE, new Uint8Array(otherMachine.encryptString(JSON.stringify({ format: 1, credentials: CREDENTIALS }))));
    expect(await store.read()).toBeNull();

    const safe = fakeSafeStorage();
    files.files.set(FILE, new Uint8Array(safe.encryptString('{"format":1,"credentials":{"token":"short"}}')));
    expect(await store.read()).toBeNull();
    files.files.set(FILE, new Uint8Array(safe.encryptString('not json')));
    expect(await store.read()).toBeNull();
    files.files.set(FILE, new Uint8Array(safe.encryptString(JSON.stringify({ format: 2, credentials: CREDENTIALS }))));
    expect(await store.read()).toBeNull();

    expect(logged).toHaveLength(5);
    expect(logged.every((entry) => typeof entry === 'string')).toBe(true);
    expect(JSON.stringify(logged)).not.toContain(TOKEN);
  });

  it('refuses to write credentials outside the schema (nothing half-valid reaches the disk)', async () => {
    const files = memoryFiles();
    const store = createSyncCredentialStore({ safeStorage: fakeSafeStorage(), files, dir: DIR });
    await expect(store.write({ ...CREDENTIALS, token: 'short' })).rejects.toThrow();
    await expect(store.write({ ...CREDENTIALS, enrollment: { ...CREDENTIALS.enrollment, countyUrl: 'ftp://x' } })).rejects.toThrow();
    expect(files.files.size).toBe(0);
  });

  it('forgets: true once, then false', async () => {
    const files = memoryFiles();
    const store = createSyncCredentialStore({ safeStorage: fakeSafeStorage(), files, dir: DIR });
    await store.write(CREDENTIALS);
    expect(await store.forget()).toBe(true);
    expect(await store.read()).toBeNull();
    expect(await store.forget()).toBe(false);
  });
});

describe('sync credential store on the real file system', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through a real folder, leaves no temp file, and keeps the file private to its owner', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kiosk-credentials-'));
    const userData = join(dir, 'not-created-yet');
    const store = createSyncCredentialStore({ safeStorage: fakeSafeStorage(), files: nodeCredentialFiles, dir: userData });
    expect(await store.read()).toBeNull();
    await store.write(CREDENTIALS);
    expect(await store.read()).toEqual(CREDENTIALS);
    const path = join(userData, SYNC_CREDENTIALS_FILE_NAME);
    expect((await readFile(path)).toString('latin1')).not.toContain(TOKEN);
    await expect(stat(`${path}.tmp`)).rejects.toMatchObject({ code: 'ENOENT' });
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);

    // A leftover temp file from a crash is cleaned up by forget, and never read as the credentials.
    await writeFile(`${path}.tmp`, 'half');
    expect(await store.read()).toEqual(CREDENTIALS);
    expect(await store.forget()).toBe(true);
    await expect(stat(`${path}.tmp`)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await store.read()).toBeNull();
    expect(await store.forget()).toBe(false);
  });
});
