// The Electron fuses the packaged kiosk ships with (flipped by build/afterPack.cjs at package time).
// Fuses are bits compiled into the Electron binary: unlike command-line switches or code, nobody
// at the station can turn them back on without replacing the signed executable.
//
// Keys are @electron/fuses' FuseV1Options names (that package is ESM-only, so it is imported
// where the fuses are flipped, not here: electron-builder loads this file with require()).

/** @type {Readonly<Record<'RunAsNode' | 'EnableCookieEncryption' | 'EnableNodeOptionsEnvironmentVariable' | 'EnableNodeCliInspectArguments' | 'EnableEmbeddedAsarIntegrityValidation' | 'OnlyLoadAppFromAsar' | 'GrantFileProtocolExtraPrivileges', boolean>>} */
const KIOSK_FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed kiosk executable into a general Node.js runtime.
  RunAsNode: false,
  // Cookies are encrypted with the OS key store like Chrome's; the kiosk keeps no session in
  // cookies today, so this costs nothing and protects whatever a future screen stores there.
  EnableCookieEncryption: true,
  // NODE_OPTIONS (e.g. --require) set by another program or a user profile must not inject code.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk would open a debugger port into the main process.
  EnableNodeCliInspectArguments: false,
  // With OnlyLoadAppFromAsar: the archive's header hash is checked against the one embedded in
  // the executable (Windows and macOS; Electron does not implement it on Linux).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Never load a loose resources/app folder planted beside the archive.
  OnlyLoadAppFromAsar: true,
  // The kiosk serves itself over its own app:// scheme, never file://.
  GrantFileProtocolExtraPrivileges: false,
});

module.exports = { KIOSK_FUSES };
