import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema, enrollResponseSchema, type EnrollResponse } from '../../shared/sync/protocol';
import { latestUpdateResponseSchema, UPDATE_SHA256_HEADER, type UpdateManifest } from '../../shared/updates/manifest';
import { downloadUpdate } from '../../electron/logic/updates/resumableDownload';
import { checkForUpdate } from '../../electron/logic/updates/updateCheck';
import { nodeUpdateFiles } from '../../electron/logic/updates/updateFiles';
import { runCli } from '../src/cli/run';
import { revokeDevice } from '../src/repositories/devices';
import { addVillage } from '../src/repositories/villages';
import { issueEnrollmentCode } from '../src/services/enrollment';
import { postJson, startServer, type RunningServer } from './http';
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from './pg';
import { installer, sha256, type Installer } from './installerFixtures';

const VILLAGE = '130123104201';

describe.each(TEST_DATABASE_KINDS)('updates from the county (%s)', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let work: string;
  let updateDir: string;
  let kiosk: EnrollResponse;
  let revoked: EnrollResponse;
  const windows = installer('Village Kiosk Setup 1.2.0.exe', 300_000);
  const debArm = installer('village-kiosk_1.2.0_arm64.deb', 120_000);
  const appImageArm = installer('village-kiosk-1.2.0-arm64.AppImage', 150_000);
  const windows130 = installer('Village Kiosk Setup 1.3.0.exe', 200_000);

  async function publish(dir: string, ...flags: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runCli(['publish-update', dir, ...flags, ...database.cliArgs], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: { ...database.cliEnv, UPDATE_DIR: updateDir },
    });
    return { status, out, err };
  }

  function folder(name: string, files: Installer[], extras: Record<string, string> = {}): string {
    const dir = join(work, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const file of files) writeFileSync(join(dir, file.name), file.bytes);
    for (const [extra, content] of Object.entries(extras)) writeFileSync(join(dir, extra), content);
    return dir;
  }

  async function enroll(name: string): Promise<EnrollResponse> {
    const { code } = await issueEnrollmentCode(server.handle.db, VILLAGE, 3_600_000);
    const response = await postJson(`${server.baseUrl}/api/v1/devices/enroll`, { code, deviceName: name });
    return enrollResponseSchema.parse(await response.json());
  }

  function get(path: string, token: string | null = kiosk.token, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${server.baseUrl}${path}`, { headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers } });
  }

  async function latest(query: string, token: string | null = kiosk.token): Promise<{ status: number; update: UpdateManifest | null; body: unknown }> {
    const response = await get(`/api/v1/updates/latest?${query}`, token);
    if (response.status === 204) return { status: 204, update: null, body: await response.text() };
    const body: unknown = await response.json();
    return { status: response.status, update: response.status === 200 ? latestUpdateResponseSchema.parse(body).update : null, body };
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'county-updates-'));
    updateDir = join(work, 'served-updates');
    database = await createTestDatabase(kind);
    server = await startServer(database, { updateDir });
    await addVillage(server.handle.db, { code: VILLAGE, name: '东村', townshipCode: '130123104' });
    kiosk = await enroll('东村服务站');
    revoked = await enroll('旧机器');
    await revokeDevice(server.handle.db, revoked.deviceId);
    const published = await publish(folder('release-1.2.0', [windows, debArm, appImageArm], { 'latest.yml': 'version: 1.2.0', 'Village Kiosk Setup 1.2.0.exe.blockmap': 'x' }), '--json');
    expect(published).toMatchObject({ status: 0, err: [] });
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('publishes every installer in the folder with platform, arch, version and SHA-256 derived, skipping the rest', async () => {
    const rows = await server.handle.db.selectFrom('updates').selectAll().orderBy('file_name').execute();
    expect(rows.map((r) => [r.file_name, r.platform, r.arch, r.format, r.version, Number(r.size_bytes), r.sha256])).toEqual([
      [windows.name, 'win32', 'x64', 'nsis', '1.2.0', windows.bytes.length, sha256(windows.bytes)],
      [appImageArm.name, 'linux', 'arm64', 'appimage', '1.2.0', appImageArm.bytes.length, sha256(appImageArm.bytes)],
      [debArm.name, 'linux', 'arm64', 'deb', '1.2.0', debArm.bytes.length, sha256(debArm.bytes)],
    ]);
    for (const row of rows) expect(sha256(readFileSync(join(updateDir, `${row.id}.update`)))).toBe(row.sha256);
  });

  it('answers the newest applicable update for the platform and arch, and 204 when the kiosk is current', async () => {
    const forWindows = await latest('platform=win32&arch=x64&version=1.0.0');
    expect(forWindows.status).toBe(200);
    expect(forWindows.update).toMatchObject({ version: '1.2.0', platform: 'win32', arch: 'x64', format: 'nsis', fileName: windows.name, size: windows.bytes.length, sha256: sha256(windows.bytes) });
    expect((await latest('platform=win32&arch=x64&version=1.2.0')).status).toBe(204);
    expect((await latest('platform=win32&arch=x64&version=1.2.1')).status).toBe(204);
    // A pre-release of 1.2.0 is older than 1.2.0.
    expect((await latest('platform=win32&arch=x64&version=1.2.0-rc.1')).update?.version).toBe('1.2.0');
    expect((await latest('platform=linux&arch=arm64&version=1.0.0')).update?.format).toBe('deb');
    expect((await latest('platform=linux&arch=arm64&version=1.0.0&format=appimage')).update?.fileName).toBe(appImageArm.name);
    // Nothing was published for Linux x64 or Windows arm64.
    expect((await latest('platform=linux&arch=x64&version=1.0.0')).status).toBe(204);
    expect((await latest('platform=win32&arch=arm64&version=1.0.0')).status).toBe(204);
  });

  it('skips an update whose minVersion the kiosk has not reached, offering the newest it may install', async () => {
    const published = await publish(folder('release-1.3.0', [windows130]), '--min-version', '1.1.0');
    expect(published.status).toBe(0);
    expect((await latest('platform=win32&arch=x64&version=1.0.0')).update?.version).toBe('1.2.0');
    expect((await latest('platform=win32&arch=x64&version=1.1.5')).update).toMatchObject({ version: '1.3.0', minVersion: '1.1.0' });
  });

  it('re-publishing the same bytes changes nothing; other bytes under a published version are refused', async () => {
    const again = await publish(folder('release-1.2.0-again', [windows]), '--json');
    expect(again.status).toBe(0);
    expect(JSON.parse(again.out[0] ?? '{}')).toMatchObject({ published: [], unchanged: [{ fileName: windows.name }] });
    const tampered = await publish(folder('release-1.2.0-other', [installer(windows.name, 1000)]));
    expect(tampered.status).toBe(1);
    expect(tampered.err.join('\n')).toMatch(/already published with other bytes/);
    expect(await server.handle.db.selectFrom('updates').select('id').where('platform', '=', 'win32').execute()).toHaveLength(2);
  });

  it('refuses a folder without installers and a pre-release name without --version', async () => {
    expect((await publish(folder('empty', [], { 'notes.txt': 'x' }))).status).toBe(1);
    const rc = await publish(folder('rc', [installer('village-kiosk-1.4.0-rc.1.AppImage', 500)]));
    expect(rc.status).toBe(1);
    expect(rc.err.join('\n')).toMatch(/--version/);
    expect((await publish(folder('rc2', [installer('village-kiosk-1.4.0-rc.1.AppImage', 500)]), '--version', '1.4.0-rc.1')).status).toBe(0);
    expect((await latest('platform=linux&arch=x64&version=1.3.0&format=appimage')).update?.version).toBe('1.4.0-rc.1');
  });

  it('refuses a missing token, an unknown token and a revoked device with 401, on both routes', async () => {
    const { update } = await latest('platform=win32&arch=x64&version=1.0.0');
    const filePath = `/api/v1/updates/files/${update?.id ?? ''}`;
    for (const path of ['/api/v1/updates/latest?platform=win32&arch=x64&version=1.0.0', filePath]) {
      const missing = await get(path, null);
      expect(missing.status).toBe(401);
      expect(apiErrorSchema.parse(await missing.json()).error.code).toBe('MISSING_TOKEN');
      const unknown = await get(path, 'A'.repeat(43));
      expect(unknown.status).toBe(401);
      await unknown.body?.cancel();
      const gone = await get(path, revoked.token);
      expect(gone.status).toBe(401);
      expect(apiErrorSchema.parse(await gone.json()).error.code).toBe('DEVICE_REVOKED');
    }
  });

  it('serves the file whole with its SHA-256, and resumes with Range (206) at the right bytes', async () => {
    const { update } = await latest('platform=win32&arch=x64&version=1.0.0');
    const path = `/api/v1/updates/files/${update?.id ?? ''}`;
    const whole = await get(path);
    expect(whole.status).toBe(200);
    expect(whole.headers.get(UPDATE_SHA256_HEADER)).toBe(sha256(windows.bytes));
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await whole.arrayBuffer()).equals(windows.bytes)).toBe(true);

    const rest = await get(path, kiosk.token, { range: 'bytes=123457-', 'if-range': `"${sha256(windows.bytes)}"`, 'accept-encoding': 'gzip' });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(`bytes 123457-${windows.bytes.length - 1}/${windows.bytes.length}`);
    expect(Buffer.from(await rest.arrayBuffer()).equals(windows.bytes.subarray(123_457))).toBe(true);

    const middle = await get(path, kiosk.token, { range: 'bytes=10-19' });
    expect(middle.status).toBe(206);
    expect(Buffer.from(await middle.arrayBuffer()).equals(windows.bytes.subarray(10, 20))).toBe(true);

    // The kiosk's partial came from other bytes: If-Range does not match, so the whole file comes back.
    const changed = await get(path, kiosk.token, { range: 'bytes=100-', 'if-range': `"${'0'.repeat(64)}"` });
    expect(changed.status).toBe(200);
    expect(Buffer.from(await changed.arrayBuffer()).equals(windows.bytes)).toBe(true);

    const beyond = await get(path, kiosk.token, { range: `bytes=${windows.bytes.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${windows.bytes.length}`);
  });

  it('the kiosk\'s own update logic checks, downloads with a resume and verifies against this server', async () => {
    const kioskDir = join(work, 'kiosk-downloads');
    const checked = await checkForUpdate({ fetch, countyUrl: server.baseUrl, token: kiosk.token, kiosk: { version: '1.1.0', platform: 'linux', arch: 'arm64' } });
    expect(checked).toMatchObject({ kind: 'download', manifest: { version: '1.2.0', format: 'deb', sha256: sha256(debArm.bytes) } });
    if (checked.kind !== 'download') throw new Error('expected a download');
    // A dropped link left the first 50,000 bytes: the kiosk asks the real route for the rest.
    const partial = join(kioskDir, checked.manifest.id, `${checked.manifest.fileName}.partial`);
    mkdirSync(join(kioskDir, checked.manifest.id), { recursive: true });
    writeFileSync(partial, debArm.bytes.subarray(0, 50_000));
    const result = await downloadUpdate({ fetch, files: nodeUpdateFiles, countyUrl: server.baseUrl, token: kiosk.token, manifest: checked.manifest, dir: kioskDir });
    expect(result.kind).toBe('ready');
    if (result.kind === 'ready') expect(readFileSync(result.path).equals(debArm.bytes)).toBe(true);
    const revokedTry = await downloadUpdate({ fetch, files: nodeUpdateFiles, countyUrl: server.baseUrl, token: revoked.token, manifest: checked.manifest, dir: join(work, 'revoked-downloads') });
    expect(revokedTry).toEqual({ kind: 'refused', status: 401 });
    expect(await checkForUpdate({ fetch, countyUrl: server.baseUrl, token: kiosk.token, kiosk: { version: '1.2.0', platform: 'linux', arch: 'arm64' } })).toEqual({ kind: 'none' });
  });

  it('answers one exact version for a rollback, and 404 for one never published', async () => {
    const release = await get('/api/v1/updates/release?platform=linux&arch=arm64&version=1.2.0&format=appimage');
    expect(release.status).toBe(200);
    expect(latestUpdateResponseSchema.parse(await release.json()).update).toMatchObject({ version: '1.2.0', fileName: appImageArm.name });
    const missing = await get('/api/v1/updates/release?platform=linux&arch=arm64&version=1.0.0');
    expect(missing.status).toBe(404);
    expect((await get('/api/v1/updates/release?platform=linux&arch=arm64&version=1.2.0', revoked.token)).status).toBe(401);
    expect((await get('/api/v1/updates/release?platform=linux&arch=arm64')).status).toBe(400);
  });

  it('answers 400 to bad parameters and 404 to an unknown file', async () => {
    for (const query of [
      'platform=win32&arch=x64',
      'platform=darwin&arch=x64&version=1.0.0',
      'platform=win32&arch=ia32&version=1.0.0',
      'platform=win32&arch=x64&version=abc',
      'platform=win32&arch=x64&version=1.0.0&format=deb',
      'platform=win32&arch=x64&version=1.0.0&extra=1',
      'platform=win32&platform=linux&arch=x64&version=1.0.0',
    ]) {
      const answer = await latest(query);
      expect(answer.status, query).toBe(400);
      expect(apiErrorSchema.parse(answer.body).error.code).toBe('INVALID_REQUEST');
    }
    expect((await get('/api/v1/updates/files/not-an-id')).status).toBe(400);
    const unknown = await get(`/api/v1/updates/files/${'a'.repeat(24)}`);
    expect(unknown.status).toBe(404);
    expect(apiErrorSchema.parse(await unknown.json()).error.code).toBe('UPDATE_NOT_FOUND');
  });
});
