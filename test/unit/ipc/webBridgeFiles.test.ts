import { describe, expect, it, vi } from 'vitest';
import { createWebBridge } from '../../../renderer/src/bridge/webBridge';
import { base64ToBytes, fileToBase64, WebFileTooLargeError } from '../../../renderer/src/bridge/webFiles';
import { MAX_FILE_BYTES } from '../../../shared/ipc/methods';

const base = { version: '1', platform: 'Linux', print: undefined };

describe('web bridge: agent methods', () => {
  it('saveFile offers a download with the validated name, and refuses bad names', async () => {
    const download = vi.fn();
    const bridge = createWebBridge({ ...base, download });
    expect(await bridge.saveFile({ suggestedName: '备份.vkb', contentBase64: 'AQID', mimeType: 'application/octet-stream' })).toEqual({
      ok: true,
      value: { saved: true },
    });
    expect(download).toHaveBeenCalledWith('备份.vkb', 'AQID', 'application/octet-stream');
    const bad = await bridge.saveFile({ suggestedName: 'a/b.vkb', contentBase64: 'AQID', mimeType: 'application/octet-stream' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(download).toHaveBeenCalledOnce();
    expect(await createWebBridge(base).saveFile({ suggestedName: 'x', contentBase64: '', mimeType: 'text/plain' })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED' },
    });
  });

  it('openFile returns the picked file or null, and a too-large file as FILE_FAILED', async () => {
    const picked = createWebBridge({ ...base, pickFile: async () => ({ name: 'b.vkb', contentBase64: 'AQID' }) });
    expect(await picked.openFile({ extensions: ['vkb'] })).toEqual({ ok: true, value: { file: { name: 'b.vkb', contentBase64: 'AQID' } } });
    const cancelled = createWebBridge({ ...base, pickFile: async () => null });
    expect(await cancelled.openFile({ extensions: ['vkb'] })).toEqual({ ok: true, value: { file: null } });
    const tooBig = createWebBridge({ ...base, pickFile: () => Promise.reject(new WebFileTooLargeError('the file is larger than 200 MB')) });
    expect(await tooBig.openFile({ extensions: ['vkb'] })).toMatchObject({ ok: false, error: { code: 'FILE_FAILED' } });
    expect(await picked.openFile({ extensions: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('setKioskMode leaves full screen when asked to leave, listPrinters is empty', async () => {
    const exitFullscreen = vi.fn(async () => undefined);
    const bridge = createWebBridge({ ...base, exitFullscreen });
    expect(await bridge.setKioskMode({ enabled: false })).toEqual({ ok: true, value: { kioskMode: false } });
    expect(exitFullscreen).toHaveBeenCalledOnce();
    expect(await bridge.setKioskMode({ enabled: true })).toEqual({ ok: true, value: { kioskMode: false } });
    expect(exitFullscreen).toHaveBeenCalledOnce();
    expect(await bridge.listPrinters()).toEqual({ ok: true, value: { printers: [] } });
  });

  it('printPage accepts a page size and printer (the dialog decides in a browser)', async () => {
    const print = vi.fn();
    const bridge = createWebBridge({ ...base, print });
    expect(await bridge.printPage({ jobName: '回执', pageSize: 'receipt58', deviceName: null })).toEqual({ ok: true, value: { printed: true } });
    expect(print).toHaveBeenCalledOnce();
  });
});

describe('webFiles', () => {
  it('round-trips bytes through base64 and refuses files over the limit', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 251);
    const encoded = await fileToBase64(new Blob([bytes]));
    expect(Buffer.from(encoded, 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(Array.from(base64ToBytes(encoded))).toEqual(Array.from(bytes));
    const huge = { size: MAX_FILE_BYTES + 1 } as Blob;
    await expect(fileToBase64(huge)).rejects.toBeInstanceOf(WebFileTooLargeError);
  });
});
