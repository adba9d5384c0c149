import { describe, expect, it } from 'vitest';
import { BLOCKED_SHORTCUTS, shortcutPolicy, type KeyInput } from '../../../../electron/logic/shortcutPolicy';

const kiosk = { kioskMode: true, devToolsAllowed: false };
const maintenance = { kioskMode: false, devToolsAllowed: false };
const development = { kioskMode: false, devToolsAllowed: true };

function key(spec: string, type = 'keyDown'): KeyInput {
  const parts = spec.split('+');
  const name = parts[parts.length - 1] as string;
  return {
    type,
    key: name,
    control: parts.includes('Ctrl'),
    alt: parts.includes('Alt'),
    shift: parts.includes('Shift'),
    meta: parts.includes('Cmd'),
  };
}

describe('shortcutPolicy', () => {
  it.each([
    ['Alt+F4', 'closes the window'],
    ['Ctrl+w', 'closes the window'],
    ['Ctrl+Shift+W', 'closes the window'],
    ['Ctrl+F4', 'closes the window'],
    ['Ctrl+q', 'quits the app'],
    ['Cmd+q', 'quits the app'],
    ['Ctrl+r', 'reloads the page'],
    ['Ctrl+Shift+R', 'reloads the page'],
    ['F5', 'reloads the page'],
    ['Ctrl+F5', 'reloads the page'],
    ['F11', 'leaves full screen'],
    ['Ctrl+p', 'opens the print dialog'],
    ['Ctrl+u', 'opens a browser feature'],
    ['Ctrl+s', 'opens a browser feature'],
    ['Ctrl+=', 'changes the zoom'],
    ['Ctrl+-', 'changes the zoom'],
    ['Ctrl+0', 'changes the zoom'],
    ['Alt+ArrowLeft', 'navigates history'],
    ['F12', 'opens DevTools'],
    ['Ctrl+Shift+I', 'opens DevTools'],
    ['Ctrl+Shift+J', 'opens DevTools'],
  ])('blocks %s in kiosk mode (%s)', (spec, reason) => {
    expect(shortcutPolicy(key(spec), kiosk)).toEqual({ action: 'block', reason });
  });

  it('matches letters whatever Caps Lock or Shift made of them', () => {
    expect(shortcutPolicy(key('Ctrl+W'), kiosk).action).toBe('block');
    expect(shortcutPolicy(key('Ctrl+Shift+i'), kiosk).action).toBe('block');
  });

  it.each(['Ctrl+c', 'Ctrl+v', 'Ctrl+x', 'Ctrl+a', 'Ctrl+z', 'a', 'Enter', 'Backspace', 'Escape', 'Tab', 'ArrowLeft', 'Shift+A', '5', 'F1'])(
    'lets %s through: residents type in search and form fields',
    (spec) => {
      expect(shortcutPolicy(key(spec), kiosk)).toEqual({ action: 'allow' });
    },
  );

  it('needs the exact modifiers: Alt+Shift+F4 or Ctrl+Alt+W are not the close shortcuts', () => {
    expect(shortcutPolicy(key('Alt+Shift+F4'), kiosk).action).toBe('allow');
    expect(shortcutPolicy(key('Ctrl+Alt+W'), kiosk).action).toBe('allow');
  });

  it('acts on key-down only', () => {
    expect(shortcutPolicy(key('Alt+F4', 'rawKeyDown'), kiosk).action).toBe('block');
    expect(shortcutPolicy(key('Alt+F4', 'keyUp'), kiosk).action).toBe('allow');
    expect(shortcutPolicy(key('F12', 'char'), kiosk).action).toBe('allow');
  });

  it('outside kiosk mode (maintenance) frees the window shortcuts but keeps DevTools closed in a packaged build', () => {
    expect(shortcutPolicy(key('Alt+F4'), maintenance).action).toBe('allow');
    expect(shortcutPolicy(key('F5'), maintenance).action).toBe('allow');
    expect(shortcutPolicy(key('F12'), maintenance)).toEqual({ action: 'block', reason: 'opens DevTools' });
  });

  it('a development build may open DevTools, still not leave kiosk mode by keyboard', () => {
    expect(shortcutPolicy(key('F12'), development).action).toBe('allow');
    expect(shortcutPolicy(key('Ctrl+Shift+I'), { kioskMode: true, devToolsAllowed: true }).action).toBe('allow');
    expect(shortcutPolicy(key('Alt+F4'), { kioskMode: true, devToolsAllowed: true }).action).toBe('block');
  });

  it('lists no rule twice', () => {
    const signatures = BLOCKED_SHORTCUTS.map((rule) => `${rule.primary ?? false}/${rule.alt ?? false}/${rule.shift ?? false}/${rule.key}`);
    expect(new Set(signatures).size).toBe(signatures.length);
  });
});
