import { contextBridge, ipcRenderer } from 'electron';
import { KIOSK_BRIDGE_GLOBAL } from '../shared/ipc/methods';
import { createInvokeBridge } from './logic/invokeBridge';

// Sandboxed preload: 'electron' is the only module it may require; everything else is bundled in.
contextBridge.exposeInMainWorld(
  KIOSK_BRIDGE_GLOBAL,
  createInvokeBridge((channel, ...args) => ipcRenderer.invoke(channel, ...args), { document }),
);
