/// <reference path="./kioskWindow.d.ts" />
import type { KioskBridge } from '../../../shared/ipc/contract';
import { KIOSK_VERSION } from '../kioskVersion';
import { createWebBridge, type WebBridgeEnvironment } from './webBridge';
import { createWebCredentialStore } from './webCredentialStore';
import { createWebPostJson } from './webEnrollHttp';
import { base64ToBytes, downloadBytes, fileToBase64, pickFile } from './webFiles';

export type { KioskBridge } from '../../../shared/ipc/contract';

const APP_VERSION = KIOSK_VERSION;

/** The parts of `window` the bridge choice depends on. */
export interface BridgeHost {
  kiosk?: KioskBridge | undefined;
  print?: (() => void) | undefined;
  document?: { title: string } | Document;
  navigator?: { platform?: string; userAgentData?: { platform?: string } };
  fetch?: typeof fetch;
  indexedDB?: IDBFactory;
  localStorage?: Pick<Storage, 'getItem' | 'setItem'>;
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
  const fetchImpl = host.fetch;
  // Bound: window.fetch throws 'Illegal invocation' when called on another `this`.
  if (fetchImpl) {
    environment.fetch = (input, init) => fetchImpl.call(host, input, init);
    environment.postJson = createWebPostJson(environment.fetch);
  }
  if (host.localStorage) environment.settingsStorage = host.localStorage;
  if (host.indexedDB) environment.credentials = createWebCredentialStore();
  const document = host.document;
  if (document) environment.document = document;
  if (document && 'createElement' in document) {
    environment.download = (name, contentBase64, mimeType) => downloadBytes(document, name, base64ToBytes(contentBase64), mimeType);
    environment.pickFile = async (extensions) => {
      const file = await pickFile(document, extensions);
      return file ? { name: file.name.slice(0, 255) || 'file', contentBase64: await fileToBase64(file) } : null;
    };
    environment.exitFullscreen = async () => {
      if (document.fullscreenElement) await document.exitFullscreen();
    };
  }
  return createWebBridge(environment);
}
