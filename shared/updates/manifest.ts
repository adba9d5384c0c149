import { z } from 'zod';
import { semverSchema } from './semver';

/**
 * The county's update files (issue 6): one manifest per installer file, served to enrolled kiosks.
 * The manifest names no URL on purpose: a kiosk builds the download address from its enrolled
 * county URL and the manifest's id, so a manifest can never send it anywhere else.
 */

export const UPDATE_PLATFORMS = ['win32', 'linux'] as const;
export const UPDATE_ARCHES = ['x64', 'arm64'] as const;
/** How the kiosk was installed decides what it installs next: NSIS on Windows; .deb or AppImage on Linux. */
export const UPDATE_FORMATS = ['nsis', 'deb', 'appimage'] as const;

export const updatePlatformSchema = z.enum(UPDATE_PLATFORMS);
export const updateArchSchema = z.enum(UPDATE_ARCHES);
export const updateFormatSchema = z.enum(UPDATE_FORMATS);
export type UpdatePlatform = z.infer<typeof updatePlatformSchema>;
export type UpdateArch = z.infer<typeof updateArchSchema>;
export type UpdateFormat = z.infer<typeof updateFormatSchema>;

/** The format a platform's kiosks have unless they say otherwise (the README's install steps use these). */
export const DEFAULT_UPDATE_FORMAT: Record<UpdatePlatform, UpdateFormat> = { win32: 'nsis', linux: 'deb' };

/** Which formats can run on which platform: a .deb is never offered to Windows. */
export const FORMATS_OF_PLATFORM: Record<UpdatePlatform, readonly UpdateFormat[]> = { win32: ['nsis'], linux: ['deb', 'appimage'] };

/** The server's id of a published file: 24 hex digits (also the file's name in the county's update folder). */
export const updateIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'not an update id');

/**
 * One path segment a person recognises (electron-builder's names, e.g. "Village Kiosk Setup 1.2.0.exe"):
 * no separators, no leading dot or space, no control characters.
 */
export const updateFileNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9 ._+-]*$/, 'a file name of letters, digits, space, . _ + -')
  .refine((name) => !name.includes('..'), 'a file name must not contain ..');

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lower-case hex digits');

/** Installers are tens of MB; 2 GB bounds what a kiosk will ever try to download. */
export const MAX_UPDATE_BYTES = 2 * 1024 * 1024 * 1024;

export const updateManifestSchema = z.strictObject({
  id: updateIdSchema,
  version: semverSchema,
  platform: updatePlatformSchema,
  arch: updateArchSchema,
  format: updateFormatSchema,
  fileName: updateFileNameSchema,
  size: z.number().int().min(1).max(MAX_UPDATE_BYTES),
  sha256: sha256HexSchema,
  publishedAt: z.string().datetime({ offset: true }),
  /** The oldest kiosk version that may install this file directly; older kiosks are not offered it. */
  minVersion: semverSchema.optional(),
});
export type UpdateManifest = z.infer<typeof updateManifestSchema>;

/** GET /api/v1/updates/latest query: what the kiosk runs, so the county answers only what applies to it. */
export const latestUpdateQuerySchema = z.strictObject({
  platform: updatePlatformSchema,
  arch: updateArchSchema,
  version: semverSchema,
  /** Omitted: the platform's default format (DEFAULT_UPDATE_FORMAT). */
  format: updateFormatSchema.optional(),
});
export type LatestUpdateQuery = z.infer<typeof latestUpdateQuerySchema>;

/**
 * GET /api/v1/updates/release: one exact version, for going back after a failed start when the
 * kiosk holds no installer of its previous version (it was installed from a USB stick).
 */
export const updateReleaseQuerySchema = latestUpdateQuerySchema;

/** The county's 200 answer to "latest" (204 with no body means: nothing newer for you). */
export const latestUpdateResponseSchema = z.strictObject({ update: updateManifestSchema });
export type LatestUpdateResponse = z.infer<typeof latestUpdateResponseSchema>;

/** Sent with every file response, so a kiosk resuming a download knows it is still the same file. */
export const UPDATE_SHA256_HEADER = 'x-update-sha256';

export const UPDATES_API_PREFIX = '/api/v1/updates';

/** shared/ is typed without DOM or Node globals, so no URLSearchParams: '+' (build metadata) is what needs escaping. */
export function latestUpdatePath(query: LatestUpdateQuery): string {
  const pairs: Array<[string, string]> = [
    ['platform', query.platform],
    ['arch', query.arch],
    ['version', query.version],
  ];
  if (query.format !== undefined) pairs.push(['format', query.format]);
  return `${UPDATES_API_PREFIX}/latest?${pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`;
}

export function updateReleasePath(query: LatestUpdateQuery): string {
  return latestUpdatePath(query).replace(`${UPDATES_API_PREFIX}/latest?`, `${UPDATES_API_PREFIX}/release?`);
}

export function updateFilePath(id: string): string {
  return `${UPDATES_API_PREFIX}/files/${updateIdSchema.parse(id)}`;
}

