import { describe, expect, it, vi } from 'vitest';
import { createInvokeBridge, type Invoke } from '../../../electron/logic/invokeBridge';
import { kioskMethodNames } from '../../../shared/ipc/methods';

describe('preload bridge (createInvokeBridge)', () => {
  it('exposes exactly the contract methods, frozen', () => {
    const bridge = createInvokeBridge(vi.fn());
    expect(Object.keys(bridge).sort()).toEqual([...kioskMethodNames].sort());
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes each method on its channel with only its own argument', async () => {
    const invoke = vi.fn<Invoke>(async () => ({ ok: true, value: { printed: true } }));
    const bridge = createInvokeBridge(invoke);
    await (bridge.getAppInfo as (...args: unknown[]) => Promise<unknown>)('ignored', { evil: true });
    await (bridge.printPage as (...args: unknown[]) => Promise<unknown>)({ jobName: 'x' }, 'extra');
    expect(invoke.mock.calls).toEqual([['kiosk:getAppInfo'], ['kiosk:printPage', { jobName: 'x' }]]);
  });

  it("returns main's result unchanged", async () => {
    const answer = { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'jobName: too big' } };
    const bridge = createInvokeBridge(async () => answer);
    expect(await bridge.printPage({ jobName: 'x' })).toBe(answer);
  });

  it('turns a failed invoke into an IPC_UNAVAILABLE result instead of a rejection', async () => {
    const bridge = createInvokeBridge(async () => {
      throw new Error("Error invoking remote method 'kiosk:getAppInfo': No handler registered");
    });
    expect(await bridge.getAppInfo()).toEqual({
      ok: false,
      error: { code: 'IPC_UNAVAILABLE', message: "Error invoking remote method 'kiosk:getAppInfo': No handler registered" },
    });
  });

  it('sets the document title to the job name during the print, and restores it even on failure', async () => {
    const document = { title: '村务公开自助终端' };
    const seen: string[] = [];
    let failNext = false;
    const bridge = createInvokeBridge(
      async () => {
        seen.push(document.title);
        if (failNext) throw new Error('gone');
        return { ok: true, value: { printed: true } };
      },
      { document },
    );
    await bridge.printPage({ jobName: '明白卡-王小华' });
    failNext = true;
    await bridge.printPage({ jobName: '回执' });
    expect(seen).toEqual(['明白卡-王小华', '回执']);
    expect(document.title).toBe('村务公开自助终端');
  });

  it('leaves the title alone for a request main will reject', async () => {
    const document = { title: 'home' };
    const seen: string[] = [];
    const bridge = createInvokeBridge(
      async () => {
        seen.push(document.title);
        return { ok: false, error: { code: 'INVALID_ARGUMENT', message: '' } };
      },
      { document },
    );
    const printPage = bridge.printPage as (request: unknown) => Promise<unknown>;
    await printPage({ jobName: 'x'.repeat(81) });
    await printPage({ jobName: 7 });
    await printPage(null);
    expect(seen).toEqual(['home', 'home', 'home']);
  });
});
