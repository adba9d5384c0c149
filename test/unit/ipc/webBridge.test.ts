import { describe, expect, it, vi } from 'vitest';
import { resolveBridge, type BridgeHost } from '../../../renderer/src/bridge';
import { createWebBridge } from '../../../renderer/src/bridge/webBridge';
import { appInfoSchema, type KioskBridge } from '../../../shared/ipc/contract';

function webHost(overrides: Partial<BridgeHost> = {}): BridgeHost & { document: { title: string } } {
  return { document: { title: '村务公开自助终端' }, navigator: { platform: 'Linux x86_64' }, ...overrides } as BridgeHost & {
    document: { title: string };
  };
}

describe('resolveBridge', () => {
  it('uses window.kiosk when the Electron preload exposed it', () => {
    const electronBridge = { getAppInfo: vi.fn(), printPage: vi.fn() } as unknown as KioskBridge;
    expect(resolveBridge(webHost({ kiosk: electronBridge }))).toBe(electronBridge);
  });

  it('falls back to the web implementation in a browser', async () => {
    const bridge = resolveBridge(webHost(), '1.2.3');
    const info = await bridge.getAppInfo();
    expect(info).toEqual({ ok: true, value: { mode: 'web', version: '1.2.3', platform: 'Linux x86_64', kioskMode: false } });
  });

  it('prefers userAgentData, and keeps odd platforms within the schema', async () => {
    const fromUaData = await resolveBridge(webHost({ navigator: { platform: 'Win32', userAgentData: { platform: 'Windows' } } }), '1').getAppInfo();
    expect(fromUaData.ok && fromUaData.value.platform).toBe('Windows');
    const empty = await resolveBridge(webHost({ navigator: { platform: '' } }), '1').getAppInfo();
    expect(empty.ok && empty.value.platform).toBe('web');
    const long = await resolveBridge(webHost({ navigator: { platform: 'x'.repeat(200) } }), '1').getAppInfo();
    expect(long.ok && appInfoSchema.safeParse(long.value).success).toBe(true);
  });

  it("calls print with the host as `this` (window.print throws 'Illegal invocation' otherwise)", async () => {
    const host = webHost();
    let receiver: unknown = null;
    host.print = function (this: unknown) {
      receiver = this;
    };
    const result = await resolveBridge(host, '1').printPage({ jobName: 'x' });
    expect(result).toEqual({ ok: true, value: { printed: true } });
    expect(receiver).toBe(host);
  });
});

describe('createWebBridge.printPage', () => {
  it('names the print job after the request while printing, then restores the title', async () => {
    const document = { title: '村务公开自助终端' };
    const titles: string[] = [];
    const bridge = createWebBridge({ version: '1', platform: 'Linux', document, print: () => titles.push(document.title) });
    expect(await bridge.printPage({ jobName: '明白卡-王小华' })).toEqual({ ok: true, value: { printed: true } });
    expect(titles).toEqual(['明白卡-王小华']);
    expect(document.title).toBe('村务公开自助终端');
  });

  it('validates with the contract schema and does not print a bad request', async () => {
    const print = vi.fn();
    const bridge = createWebBridge({ version: '1', platform: 'Linux', print });
    for (const bad of [{ jobName: '' }, { jobName: 'x'.repeat(81) }, {}, null, 'card', { jobName: 'a', copies: 9 }]) {
      const result = await (bridge.printPage as (request: unknown) => ReturnType<KioskBridge['printPage']>)(bad);
      expect(result.ok, JSON.stringify(bad)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('INVALID_ARGUMENT');
    }
    expect(print).not.toHaveBeenCalled();
  });

  it('answers UNSUPPORTED without window.print and PRINT_FAILED when it throws, restoring the title', async () => {
    const none = createWebBridge({ version: '1', platform: 'Linux', print: undefined });
    const unsupported = await none.printPage({ jobName: 'x' });
    expect(!unsupported.ok && unsupported.error.code).toBe('UNSUPPORTED');

    const document = { title: 'home' };
    const broken = createWebBridge({
      version: '1',
      platform: 'Linux',
      document,
      print: () => {
        throw new Error('printing is disabled by policy');
      },
    });
    const failed = await broken.printPage({ jobName: 'x' });
    expect(failed).toEqual({ ok: false, error: { code: 'PRINT_FAILED', message: 'printing is disabled by policy' } });
    expect(document.title).toBe('home');
  });

  it('reports a bad configured version as INTERNAL instead of answering outside the contract', async () => {
    const info = await createWebBridge({ version: '', platform: 'Linux', print: undefined }).getAppInfo();
    expect(!info.ok && info.error.code).toBe('INTERNAL');
  });
});
