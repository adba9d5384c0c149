import { describe, expect, it, vi } from 'vitest';
import { createIpcRouter, isTrustedSender, KioskIpcError, type IpcSender, type KioskHandlers } from '../../../electron/logic/ipcRouter';
import { createKioskHandlers, interpretPrintOutcome, type KioskHandlerDeps } from '../../../electron/logic/kioskHandlers';

const appPage: IpcSender = { frameUrl: 'app://kiosk/index.html#/subsidies', isMainFrame: true };
type Context = { id: string };
const context: Context = { id: 'web-contents-1' };

/** Electron-side dependencies that fail loudly if a test reaches one it did not mean to. */
function depsWith(overrides: Partial<KioskHandlerDeps<Context>>): KioskHandlerDeps<Context> {
  const unexpected = (): never => {
    throw new Error('unexpected call');
  };
  return {
    appInfo: () => ({ version: '1', platform: 'linux', kioskMode: false }),
    printSenderPage: unexpected,
    windowOf: () => null,
    listPrinters: unexpected,
    dialogsFor: unexpected,
    fileSystem: { writeFile: unexpected, fileSize: unexpected, readFile: unexpected },
    sync: { enrollDevice: unexpected, getSyncCredentials: unexpected, forgetEnrollment: unexpected },
    stationAdmin: { getUnattendedSettings: unexpected, saveUnattendedSettings: unexpected, exportDiagnostics: unexpected, sendDiagnostics: unexpected },
    ...overrides,
  };
}

function routerWith(overrides: Partial<KioskHandlers<Context>> = {}, logError = vi.fn()) {
  const handlers: KioskHandlers<Context> = {
    getAppInfo: () => ({ mode: 'electron', version: '0.1.0', platform: 'linux', kioskMode: false }),
    printPage: () => ({ printed: true }),
    setKioskMode: (request) => ({ kioskMode: request.enabled }),
    listPrinters: () => ({ printers: [] }),
    saveFile: () => ({ saved: true }),
    openFile: () => ({ file: null }),
    enrollDevice: () => {
      throw new Error('unexpected call');
    },
    getSyncCredentials: () => null,
    forgetEnrollment: () => ({ forgotten: false }),
    getUnattendedSettings: () => ({ settings: { openingHours: null, touchMode: false }, controlsDisplayPower: true }),
    saveUnattendedSettings: (settings) => ({ settings, controlsDisplayPower: true }),
    exportDiagnostics: () => ({ exported: false, fileName: null, redactions: 0 }),
    sendDiagnostics: () => {
      throw new Error('unexpected call');
    },
    ...overrides,
  };
  return { router: createIpcRouter(handlers, { logError }), logError };
}

describe('sender check', () => {
  it('trusts only the main frame of the app origin', () => {
    expect(isTrustedSender(appPage)).toBe(true);
    expect(isTrustedSender({ frameUrl: 'APP://KIOSK/index.html', isMainFrame: true })).toBe(true);
    for (const frameUrl of [
      'app://kiosk.evil/index.html',
      'app://evil/index.html',
      'app://kiosk:8080/index.html',
      'app://user@kiosk/index.html',
      'https://kiosk/index.html',
      'http://127.0.0.1:4173/',
      'file:///C:/kiosk/index.html',
      'data:text/html,<h1>x</h1>',
      'about:blank',
      '',
      null,
    ]) {
      expect(isTrustedSender({ frameUrl, isMainFrame: true }), String(frameUrl)).toBe(false);
    }
    expect(isTrustedSender({ frameUrl: 'app://kiosk/index.html', isMainFrame: false })).toBe(false);
  });

  it('answers FORBIDDEN_SENDER without running the handler', async () => {
    const printPage = vi.fn(() => ({ printed: true }));
    const { router } = routerWith({ printPage });
    const result = await router.dispatch('printPage', { frameUrl: 'https://evil.example/', isMainFrame: true }, [{ jobName: 'x' }], context);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    const iframe = await router.dispatch('printPage', { frameUrl: 'app://kiosk/index.html', isMainFrame: false }, [{ jobName: 'x' }], context);
    expect(iframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(printPage).not.toHaveBeenCalled();
  });
});

describe('argument validation', () => {
  it('rejects bad arguments with INVALID_ARGUMENT naming the field, before the handler runs', async () => {
    const printPage = vi.fn(() => ({ printed: true }));
    const { router, logError } = routerWith({ printPage });
    const cases: unknown[][] = [[], [{}], [{ jobName: '' }], [{ jobName: 'x'.repeat(81) }], [{ jobName: 'x', silent: true }], ['x'], [null]];
    for (const args of cases) {
      const result = await router.dispatch('printPage', appPage, args, context);
      expect(result.ok, JSON.stringify(args)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('INVALID_ARGUMENT');
    }
    const tooLong = await router.dispatch('printPage', appPage, [{ jobName: 'x'.repeat(81) }], context);
    expect(!tooLong.ok && tooLong.error.message).toContain('jobName');
    expect(printPage).not.toHaveBeenCalled();
    // A caller's bad request is not a bug of ours: nothing is logged.
    expect(logError).not.toHaveBeenCalled();
  });

  it('rejects extra arguments and arguments to a method that takes none', async () => {
    const { router } = routerWith();
    expect(await router.dispatch('printPage', appPage, [{ jobName: 'x' }, 'more'], context)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await router.dispatch('getAppInfo', appPage, [{ mode: 'web' }], context)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });

  it('passes the parsed request and the context to the handler and returns its value', async () => {
    const printPage = vi.fn((_request: { jobName: string }, _context: Context) => ({ printed: false }));
    const { router } = routerWith({ printPage });
    const result = await router.dispatch('printPage', appPage, [{ jobName: '明白卡' }], context);
    expect(result).toEqual({ ok: true, value: { printed: false } });
    expect(printPage).toHaveBeenCalledWith({ jobName: '明白卡' }, context);
    expect(await router.dispatch('getAppInfo', appPage, [], context)).toEqual({
      ok: true,
      value: { mode: 'electron', version: '0.1.0', platform: 'linux', kioskMode: false },
    });
  });
});

describe('handler failures', () => {
  it('maps a KioskIpcError to its code and message', async () => {
    const { router, logError } = routerWith({
      printPage: () => {
        throw new KioskIpcError('PRINT_FAILED', 'no printer installed');
      },
    });
    expect(await router.dispatch('printPage', appPage, [{ jobName: 'x' }], context)).toEqual({
      ok: false,
      error: { code: 'PRINT_FAILED', message: 'no printer installed' },
    });
    expect(logError).not.toHaveBeenCalled();
  });

  it('turns any other throw into INTERNAL, logged, with no stack in the result', async () => {
    const { router, logError } = routerWith({
      getAppInfo: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    const result = await router.dispatch('getAppInfo', appPage, [], context);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toMatch(/\bat .*:\d+:\d+/);
    expect(logError).toHaveBeenCalledOnce();
  });

  it('refuses to send a response outside the contract', async () => {
    const { router, logError } = routerWith({
      getAppInfo: () => ({ mode: 'electron', version: '0.1.0', platform: 'linux', kioskMode: false, secret: 'token' }) as never,
    });
    expect(await router.dispatch('getAppInfo', appPage, [], context)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(logError).toHaveBeenCalledOnce();
  });
});

describe('Electron handlers', () => {
  it('getAppInfo reports electron mode with what main supplies', async () => {
    const handlers = createKioskHandlers<Context>(
      depsWith({
        appInfo: () => ({ version: '0.1.0', platform: 'win32', kioskMode: true }),
        printSenderPage: async () => ({ success: true, failureReason: '' }),
      }),
    );
    const result = await createIpcRouter(handlers).dispatch('getAppInfo', appPage, [], context);
    expect(result).toEqual({ ok: true, value: { mode: 'electron', version: '0.1.0', platform: 'win32', kioskMode: true } });
  });

  it('printPage prints the sender page and interprets the outcome', async () => {
    const printSenderPage = vi.fn(async (_sender: Context, _options: unknown) => ({ success: false, failureReason: 'Print job canceled' }));
    const handlers = createKioskHandlers<Context>(depsWith({ printSenderPage }));
    const result = await createIpcRouter(handlers).dispatch('printPage', appPage, [{ jobName: 'x' }], context);
    expect(result).toEqual({ ok: true, value: { printed: false } });
    expect(printSenderPage).toHaveBeenCalledWith(context, { silent: false, printBackground: true, pageSize: 'A4' });
  });

  it('interpretPrintOutcome: printed, cancelled, failed', () => {
    expect(interpretPrintOutcome({ success: true, failureReason: '' })).toEqual({ printed: true });
    expect(interpretPrintOutcome({ success: false, failureReason: 'Print job canceled' })).toEqual({ printed: false });
    expect(interpretPrintOutcome({ success: false, failureReason: 'cancelled' })).toEqual({ printed: false });
    expect(() => interpretPrintOutcome({ success: false, failureReason: 'Print job failed' })).toThrow(KioskIpcError);
    const thrown = (() => {
      try {
        interpretPrintOutcome({ success: false, failureReason: '  ' });
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toMatchObject({ code: 'PRINT_FAILED', message: 'printing failed' });
  });
});
