// electron-builder afterPack hook: flips the kiosk's Electron fuses (build/electronFuses.cjs) in
// the packaged executable, then reads the fuse wire back and fails the build unless every fuse
// holds the wanted state. It runs after the app files are copied and before signing, which is
// the order fuses need: flipping changes the binary, so it must precede the signature.

const path = require('node:path');
const { KIOSK_FUSES } = require('./electronFuses.cjs');

/**
 * The packaged Electron executable in appOutDir, named as electron-builder names it
 * (same rules as its own PlatformPackager.addElectronFuses).
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { executableName?: string, appInfo: { productFilename: string } } }} context
 */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'linux') {
    if (!packager.executableName) throw new Error('afterPack: the Linux packager has no executableName');
    return path.join(appOutDir, packager.executableName);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  }
  throw new Error(`afterPack: unknown platform ${electronPlatformName}`);
}

/**
 * Flips KIOSK_FUSES in the binary at binaryPath and verifies the result.
 * @param {string} binaryPath
 * @returns {Promise<Record<string, 'enabled' | 'disabled'>>} the verified state of each kiosk fuse
 */
async function flipKioskFuses(binaryPath) {
  const { flipFuses, getCurrentFuseWire, FuseV1Options, FuseVersion, FuseState } = await import('@electron/fuses');
  /** @type {import('@electron/fuses').FuseV1Config} */
  const config = { version: FuseVersion.V1 };
  for (const [name, enabled] of Object.entries(KIOSK_FUSES)) {
    const index = FuseV1Options[/** @type {keyof typeof FuseV1Options} */ (name)];
    // A name @electron/fuses does not know would be silently skipped: the fuse would stay as shipped.
    if (typeof index !== 'number') throw new Error(`afterPack: @electron/fuses has no fuse named ${name}`);
    /** @type {Record<number, boolean>} */ (config)[index] = enabled;
  }
  // A removed fuse is silently ignored by Electron even after a flip: stop so that someone reviews
  // what this Electron version does instead and updates KIOSK_FUSES.
  const before = await getCurrentFuseWire(binaryPath);
  for (const name of Object.keys(KIOSK_FUSES)) {
    const index = FuseV1Options[/** @type {keyof typeof FuseV1Options} */ (name)];
    if (/** @type {Record<number, number | undefined>} */ (before)[index] === FuseState.REMOVED) {
      throw new Error(`afterPack: fuse ${name} was removed from this Electron version; review build/electronFuses.cjs`);
    }
  }
  await flipFuses(binaryPath, config);

  const wire = await getCurrentFuseWire(binaryPath);
  /** @type {Record<string, 'enabled' | 'disabled'>} */
  const verified = {};
  for (const [name, enabled] of Object.entries(KIOSK_FUSES)) {
    const index = FuseV1Options[/** @type {keyof typeof FuseV1Options} */ (name)];
    const actual = /** @type {Record<number, number | undefined>} */ (wire)[index];
    const wanted = enabled ? FuseState.ENABLE : FuseState.DISABLE;
    if (actual !== wanted) {
      throw new Error(`afterPack: fuse ${name} is ${String(actual)} in ${binaryPath}, wanted ${wanted} (the Electron version may lack it)`);
    }
    verified[name] = enabled ? 'enabled' : 'disabled';
  }
  return verified;
}

/** @param {Parameters<typeof electronBinaryPath>[0]} context */
async function afterPack(context) {
  const binaryPath = electronBinaryPath(context);
  const verified = await flipKioskFuses(binaryPath);
  console.log(`  • kiosk fuses set in ${path.basename(binaryPath)}: ${JSON.stringify(verified)}`);
}

module.exports = afterPack;
module.exports.afterPack = afterPack;
module.exports.electronBinaryPath = electronBinaryPath;
module.exports.flipKioskFuses = flipKioskFuses;
