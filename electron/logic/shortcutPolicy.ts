/**
 * Which key presses the kiosk swallows before Chromium or Electron acts on them (wired to
 * webContents 'before-input-event'). In kiosk mode nobody may close, reload, print the raw page,
 * open DevTools or leave full screen from the keyboard. Outside kiosk mode (the administrator
 * unlocked it with the PIN for maintenance) the window controls are reachable anyway, so only
 * DevTools stays blocked in a packaged build.
 *
 * Not interceptable by any app, and left to the OS lock-down (a dedicated kiosk user, group policy
 * or the desktop's settings): Ctrl+Alt+Del, Alt+Tab, the Windows/Super key and its combinations,
 * Ctrl+Alt+F1…F7 virtual terminals on Linux, the power button.
 */

/** The fields of Electron's Input that the policy reads. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

export interface ShortcutContext {
  kioskMode: boolean;
  /** Unpackaged development builds may open DevTools. */
  devToolsAllowed: boolean;
}

export type ShortcutReason =
  | 'closes the window'
  | 'quits the app'
  | 'reloads the page'
  | 'leaves full screen'
  | 'opens DevTools'
  | 'opens the print dialog'
  | 'opens a browser feature'
  | 'changes the zoom'
  | 'navigates history';

export type ShortcutDecision = { action: 'allow' } | { action: 'block'; reason: ShortcutReason };

interface Rule {
  /** Ctrl on Windows/Linux; Cmd counts the same so a Mac used for development behaves alike. */
  primary?: boolean;
  alt?: boolean;
  shift?: boolean;
  /** Upper-case letter or a named key (F4, ArrowLeft…). */
  key: string;
  reason: ShortcutReason;
}

const KIOSK_SHORTCUTS: readonly Rule[] = [
  { alt: true, key: 'F4', reason: 'closes the window' },
  { primary: true, key: 'W', reason: 'closes the window' },
  { primary: true, shift: true, key: 'W', reason: 'closes the window' },
  { primary: true, key: 'F4', reason: 'closes the window' },
  { primary: true, key: 'Q', reason: 'quits the app' },
  { primary: true, shift: true, key: 'Q', reason: 'quits the app' },
  { key: 'F5', reason: 'reloads the page' },
  { primary: true, key: 'F5', reason: 'reloads the page' },
  { shift: true, key: 'F5', reason: 'reloads the page' },
  { primary: true, key: 'R', reason: 'reloads the page' },
  { primary: true, shift: true, key: 'R', reason: 'reloads the page' },
  { key: 'BrowserRefresh', reason: 'reloads the page' },
  { key: 'F11', reason: 'leaves full screen' },
  { primary: true, key: 'P', reason: 'opens the print dialog' },
  { primary: true, shift: true, key: 'P', reason: 'opens the print dialog' },
  { primary: true, key: 'O', reason: 'opens a browser feature' },
  { primary: true, key: 'S', reason: 'opens a browser feature' },
  { primary: true, key: 'U', reason: 'opens a browser feature' },
  { primary: true, key: 'N', reason: 'opens a browser feature' },
  { primary: true, shift: true, key: 'N', reason: 'opens a browser feature' },
  { primary: true, key: 'T', reason: 'opens a browser feature' },
  { primary: true, key: 'F', reason: 'opens a browser feature' },
  { primary: true, key: 'G', reason: 'opens a browser feature' },
  { primary: true, key: 'H', reason: 'opens a browser feature' },
  { primary: true, key: 'J', reason: 'opens a browser feature' },
  { primary: true, key: '=', reason: 'changes the zoom' },
  { primary: true, key: '+', reason: 'changes the zoom' },
  { primary: true, shift: true, key: '+', reason: 'changes the zoom' },
  { primary: true, key: '-', reason: 'changes the zoom' },
  { primary: true, key: '0', reason: 'changes the zoom' },
  { alt: true, key: 'ArrowLeft', reason: 'navigates history' },
  { alt: true, key: 'ArrowRight', reason: 'navigates history' },
  { key: 'BrowserBack', reason: 'navigates history' },
  { key: 'BrowserForward', reason: 'navigates history' },
];

const DEVTOOLS_SHORTCUTS: readonly Rule[] = [
  { key: 'F12', reason: 'opens DevTools' },
  { primary: true, shift: true, key: 'I', reason: 'opens DevTools' },
  { primary: true, shift: true, key: 'J', reason: 'opens DevTools' },
  { primary: true, shift: true, key: 'C', reason: 'opens DevTools' },
  // Cmd+Alt+I on a Mac.
  { primary: true, alt: true, key: 'I', reason: 'opens DevTools' },
];

/** Every rule, for the documentation test and the report. */
export const BLOCKED_SHORTCUTS: readonly Rule[] = [...KIOSK_SHORTCUTS, ...DEVTOOLS_SHORTCUTS];

/** A letter key arrives as 'w' or 'W' depending on Shift and Caps Lock; named keys as they are. */
function normalisedKey(input: KeyInput): string {
  return input.key.length === 1 ? input.key.toUpperCase() : input.key;
}

function matches(rule: Rule, input: KeyInput, key: string): boolean {
  return (
    rule.key === key &&
    (rule.primary ?? false) === (input.control || input.meta) &&
    (rule.alt ?? false) === input.alt &&
    (rule.shift ?? false) === input.shift
  );
}

export function shortcutPolicy(input: KeyInput, context: ShortcutContext): ShortcutDecision {
  // Chromium acts on the key-down; letting the matching key-up through changes nothing.
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return { action: 'allow' };
  const key = normalisedKey(input);
  const rules = [...(context.kioskMode ? KIOSK_SHORTCUTS : []), ...(context.devToolsAllowed ? [] : DEVTOOLS_SHORTCUTS)];
  const rule = rules.find((candidate) => matches(candidate, input, key));
  return rule ? { action: 'block', reason: rule.reason } : { action: 'allow' };
}
