import { app, net, powerMonitor } from 'electron';
import log from 'electron-log/main';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { nodeUpdateStoreFiles } from './logic/updates/installerArchive';
import { nodeInstallerProcesses } from './logic/updates/installerLaunch';
import { createUpdateRuntime, updateIdentityFor, type UpdateRuntime } from './logic/updates/updateRuntime';
import type { SyncCredentialStore } from './logic/syncCredentialStore';

/**
 * Electron's side of updates from the county: supplies the runtime (electron/logic/updates, tested
 * without Electron) with the credential store, the link state, the idle time, the clock, timers
 * and the processes that run an installer. Only a packaged kiosk updates itself: a developer's
 * checkout has no installer to replace.
 */
export function startUpdates(credentialStore: SyncCredentialStore): UpdateRuntime | null {
  const env = { APPIMAGE: process.env.APPIMAGE, INVOCATION_ID: process.env.INVOCATION_ID };
  const identity = updateIdentityFor({ isPackaged: app.isPackaged, version: app.getVersion(), platform: process.platform, arch: process.arch, env });
  if (identity.kind === 'off') {
    log.info(`[updates] off: ${identity.reason}`);
    return null;
  }
  const runtime = createUpdateRuntime({
    kiosk: identity.kiosk,
    userDataDir: app.getPath('userData'),
    files: nodeUpdateStoreFiles,
    // Node's fetch: the tested client (its redirect: 'error' keeps downloads on the county's origin).
    fetch: globalThis.fetch,
    credentials: async () => {
      const stored = await credentialStore.read();
      return stored === null ? null : { countyUrl: stored.enrollment.countyUrl, token: stored.token };
    },
    online: () => net.isOnline(),
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    now: () => new Date(),
    monotonicMs: () => performance.now(),
    timers: { setTimeout: (run, delayMs) => setTimeout(run, delayMs), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) },
    // Which systemd unit runs us decides how a deb update restarts the kiosk (see installerLaunch).
    installerFacts: { resourcesPath: process.resourcesPath, env, cgroup: readCgroup() },
    host: {
      ...nodeInstallerProcesses,
      relaunch: (options) => app.relaunch(options),
      exit: (code) => app.exit(code),
      quit: () => app.quit(),
    },
    log: {
      info: (message) => log.info(`[updates] ${message}`),
      warn: (message) => log.warn(`[updates] ${message}`),
      error: (message) => log.error(`[updates] ${message}`),
    },
  });
  void runtime.start();
  app.on('before-quit', () => runtime.stop());
  return runtime;
}

function readCgroup(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return readFileSync('/proc/self/cgroup', 'utf8');
  } catch {
    return undefined;
  }
}
