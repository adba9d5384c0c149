import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, isAppUrl } from '../../../electron/logic/appOrigin';
import { decidePermission, decideWindowOpen, isDownloadAllowed, isNavigationAllowed } from '../../../electron/logic/navigationPolicy';

describe('navigation policy', () => {
  it("allows navigation within the app's own origin (hash routes included)", () => {
    expect(isNavigationAllowed(APP_ENTRY_URL)).toBe(true);
    expect(isNavigationAllowed('app://kiosk/index.html#/programs/2024-GDLB')).toBe(true);
    expect(isNavigationAllowed('app://kiosk/')).toBe(true);
  });

  it('denies every other destination', () => {
    for (const url of [
      'https://www.baidu.com/',
      'http://127.0.0.1:4173/',
      'file:///C:/Windows/System32/',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'blob:app://kiosk/1234',
      'app://kiosk.evil.cn/',
      'app://evil/',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
      'mailto:someone@example.cn',
      '',
    ]) {
      expect(isNavigationAllowed(url), url).toBe(false);
    }
  });

  it('denies every new window, including ones to the app itself', () => {
    expect(decideWindowOpen('https://example.cn/')).toEqual({ action: 'deny' });
    expect(decideWindowOpen(APP_ENTRY_URL)).toEqual({ action: 'deny' });
  });

  it('denies every permission, for the app page too', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen', 'openExternal', 'hid', 'usb', 'serial', 'unknown']) {
      expect(decidePermission(permission, APP_ENTRY_URL), permission).toBe(false);
      expect(decidePermission(permission, 'https://evil.example/'), permission).toBe(false);
    }
  });

  it('cancels downloads', () => {
    expect(isDownloadAllowed('app://kiosk/demo/disbursements.csv')).toBe(false);
  });
});

describe('app origin', () => {
  it('is a standard, secure scheme with fetch and streaming', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
    });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
  });

  it('recognises only app://kiosk URLs', () => {
    expect(isAppUrl('app://kiosk/index.html')).toBe(true);
    expect(isAppUrl('app://kiosk:1/index.html')).toBe(false);
    expect(isAppUrl('app://a:b@kiosk/')).toBe(false);
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl('::::')).toBe(false);
  });
});
