import { describe, expect, it } from 'vitest';
import { bringToFront, secondInstanceSteps, type ForegroundWindow } from '../../../../electron/logic/singleInstance';

function fakeWindow(state: { minimized: boolean; visible: boolean; destroyed?: boolean }) {
  const calls: string[] = [];
  const window: ForegroundWindow = {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized,
    isVisible: () => state.visible,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  };
  return { window, calls };
}

describe('second instance', () => {
  it('only focuses a window that is already on screen', () => {
    expect(secondInstanceSteps({ exists: true, minimized: false, visible: true })).toEqual(['focus']);
  });

  it('restores a minimised window and shows a hidden one before focusing', () => {
    expect(secondInstanceSteps({ exists: true, minimized: true, visible: true })).toEqual(['restore', 'focus']);
    expect(secondInstanceSteps({ exists: true, minimized: true, visible: false })).toEqual(['restore', 'show', 'focus']);
  });

  it('does nothing while the kiosk has no window yet', () => {
    expect(secondInstanceSteps({ exists: false, minimized: false, visible: false })).toEqual([]);
  });

  it('bringToFront calls the window in that order, and skips a destroyed or missing window', () => {
    const hidden = fakeWindow({ minimized: true, visible: false });
    expect(bringToFront(hidden.window)).toEqual(['restore', 'show', 'focus']);
    expect(hidden.calls).toEqual(['restore', 'show', 'focus']);

    const destroyed = fakeWindow({ minimized: true, visible: false, destroyed: true });
    expect(bringToFront(destroyed.window)).toEqual([]);
    expect(destroyed.calls).toEqual([]);
    expect(bringToFront(null)).toEqual([]);
  });
});
