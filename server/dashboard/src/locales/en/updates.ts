import type zhCN from '../zh-CN/updates';

export default {
  nav: 'Updates',
  title: 'App updates',
  intro: 'Installers the county server offers its stations, and how far the stations have come to the latest version. Publishing a version is a command on the county server.',
  loading: 'Loading…',
  empty: {
    title: 'No update has been published yet',
    how: 'On the county server, publish the folder holding the built installers (.exe, .deb, .AppImage) with:',
    after: 'Version, platform and checksum come from the file names and bytes; enrolled stations can then fetch it from the county server.',
  },
  platforms: { win32: 'Windows', linux: 'Linux' },
  formats: { nsis: 'NSIS installer', deb: 'deb package', appimage: 'AppImage' },
  rollout: {
    title: 'Rollout',
    caption: 'Latest version per platform against {count} active device(s)',
    target: 'Platform',
    latest: 'Latest version',
    current: 'Up to date',
    older: 'Older version',
    newer: 'Newer than latest',
    unknown: 'Version unknown',
    note: 'Stations report their app version but not their platform; each row is compared with all active (not revoked) devices.',
  },
  releases: {
    title: 'Published installers',
    caption: '{count} file(s) published (newest version first)',
    version: 'Version',
    target: 'Platform',
    format: 'Format',
    fileName: 'File name',
    size: 'Size',
    sha256: 'SHA-256',
    minVersion: 'Minimum starting version',
    anyVersion: 'Any',
    publishedAt: 'Published',
  },
} satisfies typeof zhCN;
