/// <reference path="./kioskWindow.d.ts" />
import type { KioskBridge } from '../../../shared/ipc/contract';
import { createWebBridge, type WebBridgeEnvironment } from './webBridge';

export type { KioskBridge } from '../../../shared/ipc/contract';

// Injected by vite.config.mts (`define`); absent when this file runs unbundled (unit tests).
declare const __KIOSK_VERSION__: string | undefined;
const APP_VERSION = typeof __KIOSK_VERSION__ === 'string' ? __KIOSK_VERSION__ : '0.0.0-dev';

/** The parts of `window` the bridge choice depends on. */
export interface BridgeHost {
  kiosk?: KioskBridge | undefined;
  print?: (() => void) | undefined;
  document?: { title: string };
  navigator?: { platform?: string; userAgentData?: { platform?: string } };
}

let cached: KioskBridge | null = null;

/** The kiosk bridge: window.kiosk under Electron, the web implementation in a browser. */
export function getBridge(): KioskBridge {
  cached ??= resolveBridge(window);
  return cached;
}

export function resolveBridge(host: BridgeHost, version: string = APP_VERSION): KioskBridge {
  if (host.kiosk) return host.kiosk;
  const environment: WebBridgeEnvironment = {
    version,
    // The schema caps the platform at 64 characters; a browser's string is never meant to be that long.
    platform: (host.navigator?.userAgentData?.platform || host.navigator?.platform || 'web').slice(0, 64),
    print: host.print ? () => host.print?.() : undefined,
  };
  if (host.document) environment.document = host.document;
  return createWebBridge(environment);
}
