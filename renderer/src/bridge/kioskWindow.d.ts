import type { KioskBridge } from '../../../shared/ipc/contract';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser (web mode). */
    readonly kiosk?: KioskBridge;
  }
}

export {};
