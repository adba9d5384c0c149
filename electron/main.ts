import { app, BrowserWindow, dialog, ipcMain, Menu, powerSaveBlocker, protocol, safeStorage, session, type WebContents } from 'electron';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import log from 'electron-log/main';
import { performance } from 'node:perf_hooks';
import { channelFor, kioskMethodNames } from '../shared/ipc/methods';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, isAppUrl } from './logic/appOrigin';
import { createAppProtocolHandler } from './logic/appProtocolHandler';
import { builtAppPaths, USER_DATA_FOLDER_NAME } from './logic/appPaths';
import { crashPageUrl } from './logic/crashPage';
import { configureLog, logFileConfig } from './logic/diagnosticsLog';
import { contentSecurityPolicyFor } from './logic/csp';
import { createNodePostJson } from './logic/enrollHttp';
import { createIpcRouter } from './logic/ipcRouter';
import type { FileDialogs } from './logic/fileTransfer';
import { nodeCredentialFiles, nodeFileSystem } from './logic/fsAdapter';
import { createKioskHandlers, type PrintOutcome } from './logic/kioskHandlers';
import { parseLaunchOptions } from './logic/launchOptions';
import { decidePermission, decideWindowOpen, isDownloadAllowed, isNavigationAllowed } from './logic/navigationPolicy';
import { createPowerScheduler, type PowerScheduler } from './logic/powerSchedule';
import { ReloadBudget, type CrashDecision } from './logic/reloadBudget';
import { shortcutPolicy } from './logic/shortcutPolicy';
import { bringToFront } from './logic/singleInstance';
import { createSyncCredentialStore, type SyncCredentialStore } from './logic/syncCredentialStore';
import { createStationAdminHandlers, nodeSettingsFiles } from './logic/stationAdminHandlers';
import { createSyncEnrollmentHandlers } from './logic/syncEnrollmentHandlers';
import { touchModeCss } from './logic/touchMode';
import { loadUnattendedSettings, unattendedSettingsPath } from './logic/unattendedSettings';
import type { UnattendedSettings } from '../shared/unattended/settings';
import type { UpdateRuntime } from './logic/updates/updateRuntime';
import { buildWindowOptions, shouldShowApplicationMenu } from './logic/windowOptions';
import { startUpdates } from './updatesMain';

// Thin on purpose: every decision is made in ./logic (plain Node, unit-tested); this file wires it to Electron.

const logError = (message: string, error: unknown): void => log.error(`[kiosk] ${message}`, error);

// Must precede 'ready': privileged schemes are fixed when the browser process starts.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const launch = parseLaunchOptions({ argv: process.argv, env: process.env, isPackaged: app.isPackaged, cwd: process.cwd(), platform: process.platform });
const paths = builtAppPaths(__dirname);

// Before the single-instance lock and 'ready', both of which use the userData folder.
app.setPath('userData', join(app.getPath('appData'), USER_DATA_FOLDER_NAME));
configureLog(log, logFileConfig({ userDataDir: app.getPath('userData'), isPackaged: app.isPackaged }), { existsSync, renameSync, rmSync });
// Electron's default for an uncaught exception is a modal error box nobody at the station can read or
// close; exiting non-zero instead lets the OS relaunch the kiosk (systemd unit / scheduled task).
process.on('uncaughtException', (error) => {
  log.error('[kiosk] uncaught exception, exiting for a relaunch', error);
  app.exit(1);
});
process.on('unhandledRejection', (reason) => log.error('[kiosk] unhandled rejection', reason));
for (const warning of launch.warnings) log.warn(`[kiosk] ${warning}`);
const unattended = loadUnattendedSettings(() => {
  const file = unattendedSettingsPath(app.getPath('userData'));
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
});
for (const warning of unattended.warnings) log.warn(`[kiosk] ${warning}`);
/** Replaced when the administrator saves new settings (stationAdmin handlers). */
let unattendedSettings: UnattendedSettings = unattended.settings;
/** The touch-mode CSS inserted into each page, by webContents, so a change can remove it again. */
const insertedTouchCss = new Map<WebContents, string>();
let powerScheduler: PowerScheduler | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let updates: UpdateRuntime | null = null;

  // A second start (double-clicked shortcut, autostart task) brings the running kiosk forward instead.
  app.on('second-instance', () => bringToFront(mainWindow));

  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(async () => {
      // safeStorage and the userData path are usable only once the app is ready.
      const credentialStore = createSyncCredentialStore({ safeStorage, files: nodeCredentialFiles, dir: app.getPath('userData'), logError });
      // The county joins connect-src for every response after enrollment (the sync worker loads later).
      let contentSecurityPolicy = contentSecurityPolicyFor((await credentialStore.read())?.enrollment ?? null);
      const ses = session.defaultSession;
      ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
        callback(decidePermission(permission, details.requestingUrl ?? null)),
      );
      ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => decidePermission(permission, requestingOrigin));
      ses.on('will-download', (event, item) => {
        if (!isDownloadAllowed(item.getURL())) event.preventDefault();
      });
      protocol.handle(
        APP_SCHEME,
        createAppProtocolHandler({
          rendererDir: paths.rendererDir,
          demoDir: launch.demoDir,
          contentSecurityPolicy: () => contentSecurityPolicy,
          logError,
        }),
      );
      registerIpc(credentialStore, (enrollment) => (contentSecurityPolicy = contentSecurityPolicyFor(enrollment)));
      if (!shouldShowApplicationMenu(app.isPackaged)) Menu.setApplicationMenu(null);
      powerScheduler = createPowerScheduler({
        blocker: powerSaveBlocker,
        openingHours: () => unattendedSettings.openingHours,
        now: () => new Date(),
        utcOffsetMinutes: (now) => -now.getTimezoneOffset(),
        setTimer: (run, delayMs) => setTimeout(run, delayMs),
        clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
      });
      powerScheduler.refresh();
      // Before the window: a version that failed to start is rolled back before it can fail again.
      updates = startUpdates(credentialStore);
      mainWindow = createMainWindow(() => updates?.confirmHealthy());
      mainWindow.on('closed', () => (mainWindow = null));
    })
    .catch((error: unknown) => {
      logError('startup failed', error);
      app.exit(1);
    });
}

function lockDown(contents: WebContents): void {
  const denyUnlessApp = (event: { url: string; preventDefault(): void }): void => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', denyUnlessApp);
  contents.on('will-frame-navigate', denyUnlessApp);
  contents.on('will-redirect', denyUnlessApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => decideWindowOpen(url));
  contents.on('before-input-event', (event, input) => {
    // Kiosk state is read per key: the administrator may have left kiosk mode for maintenance.
    const kioskMode = BrowserWindow.fromWebContents(contents)?.isKiosk() ?? launch.kioskMode;
    if (shortcutPolicy(input, { kioskMode, devToolsAllowed: !app.isPackaged }).action === 'block') event.preventDefault();
  });
  // Read per load: the administrator may have switched touch mode since the start.
  contents.on('did-finish-load', () => applyTouchCss(contents));
  contents.on('destroyed', () => insertedTouchCss.delete(contents));
}

/** Inserts (or removes) the touch-mode CSS to match the current settings; a reload drops inserted CSS. */
function applyTouchCss(contents: WebContents): void {
  const previous = insertedTouchCss.get(contents);
  insertedTouchCss.delete(contents);
  if (previous !== undefined) contents.removeInsertedCSS(previous).catch(() => undefined);
  const css = touchModeCss(unattendedSettings);
  if (css === null) return;
  contents
    .insertCSS(css)
    .then((key) => insertedTouchCss.set(contents, key))
    .catch((error: unknown) => logError('cannot apply touch mode', error));
}

function applyUnattendedSettings(settings: UnattendedSettings): void {
  unattendedSettings = settings;
  powerScheduler?.refresh();
  for (const window of BrowserWindow.getAllWindows()) applyTouchCss(window.webContents);
}

function registerIpc(credentialStore: SyncCredentialStore, onEnrollmentChanged: (enrollment: { countyUrl: string } | null) => void): void {
  const router = createIpcRouter<WebContents>(
    createKioskHandlers<WebContents>({
      appInfo: () => ({ version: app.getVersion(), platform: process.platform, kioskMode: launch.kioskMode }),
      printSenderPage: (sender, options) =>
        new Promise<PrintOutcome>((resolve) => sender.print(options, (success, failureReason) => resolve({ success, failureReason }))),
      windowOf: (sender) => BrowserWindow.fromWebContents(sender),
      listPrinters: (sender) => sender.getPrintersAsync(),
      dialogsFor: (sender) => fileDialogsFor(BrowserWindow.fromWebContents(sender)),
      fileSystem: nodeFileSystem,
      sync: createSyncEnrollmentHandlers<WebContents>({
        store: credentialStore,
        postJson: createNodePostJson(),
        now: () => new Date(),
        onEnrollmentChanged,
      }),
      stationAdmin: createStationAdminHandlers<WebContents>({
        currentSettings: () => unattendedSettings,
        applySettings: applyUnattendedSettings,
        settingsPath: unattendedSettingsPath(app.getPath('userData')),
        settingsFiles: nodeSettingsFiles,
        showFolder: async () => {
          const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null;
          const options = { properties: ['openDirectory' as const, 'createDirectory' as const] };
          const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
          return result.canceled ? null : (result.filePaths[0] ?? null);
        },
        versions: () => ({
          app: app.getVersion(),
          electron: process.versions.electron,
          chrome: process.versions.chrome,
          node: process.versions.node,
          platform: process.platform,
          arch: process.arch,
          osRelease: release(),
        }),
        readCredentials: () => credentialStore.read(),
        logConfig: logFileConfig({ userDataDir: app.getPath('userData'), isPackaged: app.isPackaged }),
        fs: { existsSync, readFileSync, writeFileSync, statSync },
        now: () => new Date(),
      }),
    }),
    { logError },
  );
  for (const method of kioskMethodNames) {
    ipcMain.handle(channelFor(method), (event, ...args: unknown[]) =>
      router.dispatch(
        method,
        { frameUrl: event.senderFrame?.url ?? null, isMainFrame: event.senderFrame?.parent === null },
        args,
        event.sender,
      ),
    );
  }
}

function fileDialogsFor(window: BrowserWindow | null): FileDialogs {
  const filters = (extensions: string[]) => (extensions.length > 0 ? [{ name: extensions.join(', '), extensions }] : []);
  return {
    showSave: async ({ defaultName, extensions }) => {
      const options = { defaultPath: defaultName, filters: filters(extensions) };
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    showOpen: async ({ extensions }) => {
      const options = { properties: ['openFile' as const], filters: filters(extensions) };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}

/** `onAppLoaded`: the kiosk's own page (not the crash page) finished loading: this version starts healthily. */
function createMainWindow(onAppLoaded: () => void): BrowserWindow {
  const window = new BrowserWindow(
    buildWindowOptions({ preloadPath: paths.preloadPath, isPackaged: app.isPackaged, kioskMode: launch.kioskMode }),
  );
  window.once('ready-to-show', () => window.show());
  const load = (url: string): void => {
    window.loadURL(url).catch((error: unknown) => logError(`cannot load ${url.slice(0, 60)}`, error));
  };

  const budget = new ReloadBudget();
  let retryTimer: NodeJS.Timeout | null = null;
  const apply = (decision: CrashDecision): void => {
    if (window.isDestroyed() || decision.action === 'ignore') return;
    if (decision.action === 'reload') {
      // To the entry page, not reload(): a resident's half-finished screen should not come back.
      load(APP_ENTRY_URL);
      return;
    }
    load(crashPageUrl(decision.retryInMs));
    retryTimer = setTimeout(() => {
      retryTimer = null;
      apply(budget.onRetryTimer(performance.now()));
    }, decision.retryInMs);
  };
  window.webContents.on('render-process-gone', (_event, details) => {
    logError(`renderer gone (${details.reason}, exit code ${details.exitCode})`, null);
    // While the error page waits for its retry, a further exit changes nothing.
    if (retryTimer === null) apply(budget.onRendererGone(details.reason, performance.now()));
  });
  window.on('closed', () => {
    if (retryTimer !== null) clearTimeout(retryTimer);
  });
  window.webContents.on('did-finish-load', () => {
    if (isAppUrl(window.webContents.getURL())) onAppLoaded();
  });

  load(APP_ENTRY_URL);
  return window;
}
