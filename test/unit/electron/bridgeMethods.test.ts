import { describe, expect, it, vi } from 'vitest';
import { openFileWithDialog, sanitizeFileName, saveFileWithDialog, type FileDialogs, type FileSystem } from '../../../electron/logic/fileTransfer';
import { createIpcRouter, type IpcSender } from '../../../electron/logic/ipcRouter';
import { createKioskHandlers } from '../../../electron/logic/kioskHandlers';
import { applyKioskMode, type KioskWindow } from '../../../electron/logic/kioskMode';
import { printOptionsFor } from '../../../electron/logic/printOptions';
import { toPrinterEntries } from '../../../electron/logic/printerList';
import { MAX_FILE_BYTES } from '../../../shared/ipc/methods';

const appPage: IpcSender = { frameUrl: 'app://kiosk/index.html#/agent/admin', isMainFrame: true };

function fakeWindow(kiosk = true): KioskWindow & { calls: string[] } {
  let state = kiosk;
  const calls: string[] = [];
  return {
    calls,
    isDestroyed: () => false,
    setKiosk: (flag) => {
      calls.push(`kiosk:${flag}`);
      state = flag;
    },
    setFullScreen: (flag) => calls.push(`fullscreen:${flag}`),
    isKiosk: () => state,
  };
}

function memoryFs(files: Record<string, Uint8Array> = {}, sizes: Record<string, number> = {}): FileSystem & { files: Record<string, Uint8Array> } {
  return {
    files,
    writeFile: async (path, data) => {
      files[path] = data;
    },
    fileSize: async (path) => sizes[path] ?? files[path]?.byteLength ?? Promise.reject(new Error('ENOENT')),
    readFile: async (path) => files[path] ?? Promise.reject(new Error('ENOENT')),
  };
}

function dialogs(savePath: string | null, openPath: string | null = null) {
  const seen: unknown[] = [];
  const value: FileDialogs = {
    showSave: async (options) => {
      seen.push(options);
      return savePath;
    },
    showOpen: async (options) => {
      seen.push(options);
      return openPath;
    },
  };
  return { value, seen };
}

describe('printOptionsFor', () => {
  it('maps receipt widths to microns and a configured printer to a silent print', () => {
    expect(printOptionsFor({ jobName: 'x' })).toEqual({ silent: false, printBackground: true, pageSize: 'A4' });
    expect(printOptionsFor({ jobName: 'x', pageSize: 'receipt58', deviceName: 'POS-58' })).toEqual({
      silent: true,
      printBackground: true,
      deviceName: 'POS-58',
      pageSize: { width: 58_000, height: 297_000 },
    });
    expect(printOptionsFor({ jobName: 'x', pageSize: 'receipt80', deviceName: null }).pageSize).toEqual({ width: 80_000, height: 297_000 });
  });
});

describe('applyKioskMode', () => {
  it('leaves kiosk and full screen on the window, and reports the result', () => {
    const window = fakeWindow();
    expect(applyKioskMode(window, false)).toEqual({ kioskMode: false });
    expect(window.calls).toEqual(['kiosk:false', 'fullscreen:false']);
    expect(applyKioskMode(window, true)).toEqual({ kioskMode: true });
    expect(applyKioskMode(null, false)).toEqual({ kioskMode: false });
  });
});

describe('toPrinterEntries', () => {
  it('keeps named printers once, default first', () => {
    expect(
      toPrinterEntries([
        { name: 'Office', options: {} },
        { name: 'POS-80', options: { 'is-default': 'true' } },
        { name: '  ', options: {} },
        { name: 'Office', options: {} },
        { name: 'Legacy', isDefault: false },
      ]),
    ).toEqual({ printers: [{ name: 'POS-80', isDefault: true }, { name: 'Legacy', isDefault: false }, { name: 'Office', isDefault: false }] });
  });
});

describe('saveFile / openFile', () => {
  it('writes the decoded bytes where the agent chose, or nothing on cancel', async () => {
    const fs = memoryFs();
    const chosen = dialogs('/media/usb/backup.vkb');
    const request = { suggestedName: 'backup.vkb', contentBase64: Buffer.from('密文').toString('base64'), mimeType: 'application/octet-stream' };
    expect(await saveFileWithDialog(request, chosen.value, fs)).toEqual({ saved: true });
    expect(Buffer.from(fs.files['/media/usb/backup.vkb']!).toString()).toBe('密文');
    expect(chosen.seen).toEqual([{ defaultName: 'backup.vkb', extensions: ['vkb'] }]);
    expect(await saveFileWithDialog(request, dialogs(null).value, fs)).toEqual({ saved: false });
  });

  it('reports a failed write as FILE_FAILED', async () => {
    const fs = { ...memoryFs(), writeFile: async () => Promise.reject(new Error('ENOSPC')) };
    const request = { suggestedName: 'b.vkb', contentBase64: 'AA==', mimeType: 'application/octet-stream' };
    await expect(saveFileWithDialog(request, dialogs('/x').value, fs)).rejects.toMatchObject({ code: 'FILE_FAILED' });
  });

  it('reads the chosen file, refuses one over 200 MB without reading it, and passes a cancel on', async () => {
    const fs = memoryFs({ '/media/usb/b.vkb': new Uint8Array([1, 2, 3]) }, { '/media/usb/huge.vkb': MAX_FILE_BYTES + 1 });
    const read = vi.spyOn(fs, 'readFile');
    expect(await openFileWithDialog({ extensions: ['vkb'] }, dialogs(null, '/media/usb/b.vkb').value, fs)).toEqual({
      file: { name: 'b.vkb', contentBase64: 'AQID' },
    });
    await expect(openFileWithDialog({ extensions: ['vkb'] }, dialogs(null, '/media/usb/huge.vkb').value, fs)).rejects.toMatchObject({ code: 'FILE_FAILED' });
    expect(read).toHaveBeenCalledTimes(1);
    expect(await openFileWithDialog({ extensions: ['vkb'] }, dialogs(null, null).value, fs)).toEqual({ file: null });
  });

  it('sanitises names to one path segment', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(sanitizeFileName('备份 2026-11-27.vkb')).toBe('备份 2026-11-27.vkb');
    expect(sanitizeFileName('...')).toBe('kiosk-file');
  });
});

describe('the new methods through the router', () => {
  const fs = memoryFs();
  const window = fakeWindow();
  const handlers = createKioskHandlers<{ id: string }>({
    appInfo: () => ({ version: '1', platform: 'win32', kioskMode: true }),
    printSenderPage: async () => ({ success: true, failureReason: '' }),
    windowOf: () => window,
    listPrinters: async () => [{ name: 'POS-58', isDefault: true }],
    dialogsFor: () => dialogs('/media/usb/x.vkb').value,
    fileSystem: fs,
    sync: {
      enrollDevice: () => Promise.reject(new Error('not in this test')),
      getSyncCredentials: () => null,
      forgetEnrollment: () => ({ forgotten: false }),
    },
    stationAdmin: {
      getUnattendedSettings: () => ({ settings: { openingHours: null, touchMode: true }, controlsDisplayPower: true }),
      saveUnattendedSettings: (settings) => ({ settings, controlsDisplayPower: true }),
      exportDiagnostics: () => ({ exported: false, fileName: null, redactions: 0 }),
      sendDiagnostics: () => Promise.reject(new Error('not in this test')),
    },
  });
  const router = createIpcRouter(handlers);
  const call = (method: Parameters<typeof router.dispatch>[0], ...args: unknown[]) => router.dispatch(method, appPage, args, { id: 'w' });

  it('answers each method and checks requests first', async () => {
    expect(await call('listPrinters')).toEqual({ ok: true, value: { printers: [{ name: 'POS-58', isDefault: true }] } });
    expect(await call('setKioskMode', { enabled: false })).toEqual({ ok: true, value: { kioskMode: false } });
    expect(await call('getAppInfo')).toMatchObject({ ok: true, value: { kioskMode: false } });
    expect(await call('setKioskMode', { enabled: 'no' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('saveFile', { suggestedName: '../x', contentBase64: 'AA==', mimeType: 'application/octet-stream' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await call('saveFile', { suggestedName: 'x.vkb', contentBase64: 'AA==', mimeType: 'application/octet-stream' })).toEqual({
      ok: true,
      value: { saved: true },
    });
    expect(await call('openFile', { extensions: ['.vkb'] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('openFile', { extensions: ['vkb'] })).toEqual({ ok: true, value: { file: null } });
    expect(await call('printPage', { jobName: 'r', pageSize: 'receipt58', deviceName: 'POS-58' })).toEqual({ ok: true, value: { printed: true } });
    expect(await call('printPage', { jobName: 'r', pageSize: 'A5' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    // The station admin methods are spread in as given (their own tests: stationAdminHandlers.test.ts).
    expect(await call('getUnattendedSettings')).toEqual({ ok: true, value: { settings: { openingHours: null, touchMode: true }, controlsDisplayPower: true } });
    expect(await call('saveUnattendedSettings', { openingHours: { from: '08:00', to: '18:00' }, touchMode: false })).toMatchObject({ ok: true });
    expect(await call('exportDiagnostics', { sync: { state: 'idle' } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
