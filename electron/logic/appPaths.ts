import { join } from 'node:path';

/**
 * Where the built app's pieces are, relative to the folder of main.cjs (dist/electron/, also inside
 * app.asar when packaged), and where the kiosk keeps its data.
 */
export function builtAppPaths(mainDir: string): { preloadPath: string; rendererDir: string } {
  return {
    preloadPath: join(mainDir, 'preload.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
  };
}

/**
 * The kiosk database (IndexedDB) lives in userData. Electron derives that folder from the app name,
 * which differs between `electron .` (package name) and a packaged build (product name, in Chinese);
 * pinning one ASCII folder name keeps the data in the same place, whichever way the kiosk is started.
 */
export const USER_DATA_FOLDER_NAME = 'village-kiosk';
