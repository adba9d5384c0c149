// @ts-check
// electron-builder configuration (npm run dist). CommonJS so electron-builder loads it without a
// TypeScript step; typed through JSDoc (test/unit/build/builderConfig.test.ts type-checks it) and
// checked against the kiosk's packaging rules in build/builderPolicy.ts.
//
// What ships is only the built app: dist/electron (main + preload, fully bundled) and dist/renderer
// (the Vite build), plus package.json. No sources, tests, scripts, server code or demo data.

const path = require('node:path');
const afterPack = require('./afterPack.cjs');

const productName = '村务公开自助终端';

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'cn.villagekiosk.terminal',
  productName,
  // Installer and package file names stay ASCII: old Windows download tools and some USB-stick
  // file systems mangle Chinese names.
  artifactName: 'village-kiosk-${version}-${os}-${arch}.${ext}',
  executableName: 'village-kiosk',
  copyright: 'Village Kiosk Project',
  directories: {
    output: 'release',
    buildResources: 'build',
  },
  // The first pattern excludes everything, so each later one is an explicit allow-list entry. It also
  // keeps node_modules out: electron-builder copies production dependencies by default, but main,
  // preload and renderer are bundles and need none of them at run time.
  files: ['!**/*', 'dist/electron/**/*', 'dist/renderer/**/*', 'package.json'],
  asar: true,
  // Nothing native to rebuild: the bundles use Node built-ins and Electron only.
  npmRebuild: false,
  // Flips and verifies the Electron fuses (build/electronFuses.cjs) before signing. The function
  // itself, not a path: a path would be resolved against the working directory.
  afterPack,
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
  },
  nsis: {
    oneClick: false,
    // One kiosk per machine: installed for all users under Program Files, not in one user's profile.
    perMachine: true,
    allowElevation: true,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: productName,
    deleteAppDataOnUninstall: false,
    // Offers "start at login" (a Task Scheduler logon task) on its own installer page.
    include: 'build/installer.nsh',
  },
  linux: {
    target: [
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ],
    category: 'Office',
    synopsis: 'Village agency and rural funds transparency kiosk',
    maintainer: 'Village Kiosk Project <kiosk@villagekiosk.invalid>',
    vendor: 'Village Kiosk Project',
  },
  deb: {
    // Start at login and restart after a crash on UOS / Kylin: a systemd user unit, started from an
    // XDG autostart entry (see build/linux/). Absolute sources: fpm does not run in this folder.
    fpm: [
      `${path.join(__dirname, 'linux', 'village-kiosk.service')}=/usr/lib/systemd/user/village-kiosk.service`,
      `${path.join(__dirname, 'linux', 'start-at-login.sh')}=/usr/lib/village-kiosk/start-at-login.sh`,
      `${path.join(__dirname, 'linux', 'village-kiosk-autostart.desktop')}=/etc/xdg/autostart/village-kiosk.desktop`,
      // Updates from the county: a root helper that installs only the kiosk's own package, and the
      // polkit action that lets the unattended kiosk run exactly that helper without a password.
      `${path.join(__dirname, 'linux', 'install-update.sh')}=/usr/lib/village-kiosk/install-update`,
      `${path.join(__dirname, 'linux', 'org.village-kiosk.install-update.policy')}=/usr/share/polkit-1/actions/org.village-kiosk.install-update.policy`,
    ],
    // Setting depends replaces electron-builder's default list, so its defaults are repeated; pkexec
    // runs the update helper (policykit-1 on older UOS / Kylin releases).
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0', 'pkexec | policykit-1'],
  },
};

module.exports = config;
