import { z } from 'zod';
import { semverSchema } from '../updates/semver';
import { updateArchSchema, updateManifestSchema, updatePlatformSchema } from '../updates/manifest';

/**
 * GET /dashboard/api/updates: what the county published (`publish-update`) and how far each
 * platform's newest version has reached the stations.
 */

/** A published file as the manifest kiosks get, with "any older kiosk may" spelled null for the page. */
export const updateReleaseSummarySchema = updateManifestSchema.omit({ minVersion: true }).extend({
  /** The oldest kiosk version that may install it directly; null: any older kiosk may. */
  minVersion: semverSchema.nullable(),
});
export type UpdateReleaseSummary = z.infer<typeof updateReleaseSummarySchema>;

/**
 * The active (not revoked) stations that last asked for updates as this (platform, arch), against
 * the newest version published for it. A station counts in one row at most.
 */
export const updateRolloutSchema = z.object({
  platform: updatePlatformSchema,
  arch: updateArchSchema,
  latestVersion: semverSchema,
  /** Report exactly the latest version (build metadata aside). */
  current: z.number().int().nonnegative(),
  /** Report an older version: not yet updated. */
  older: z.number().int().nonnegative(),
  /** Report a version beyond the latest published (installed by hand, e.g. from a USB stick). */
  newer: z.number().int().nonnegative(),
  /** Have not reported a readable version yet. */
  unknown: z.number().int().nonnegative(),
});
export type UpdateRollout = z.infer<typeof updateRolloutSchema>;

export const updateListResponseSchema = z.object({
  /** Newest version first; within a version, the latest published first. */
  releases: z.array(updateReleaseSummarySchema),
  /** One per (platform, arch) that has a release, in UPDATE_PLATFORMS then UPDATE_ARCHES order. */
  rollout: z.array(updateRolloutSchema),
  activeDevices: z.number().int().nonnegative(),
  /**
   * Active stations that never asked for updates (older kiosks, web mode, not installed from a
   * package): their platform is unknown, so they are in no rollout row.
   */
  platformNotReported: z.number().int().nonnegative(),
});
export type UpdateListResponse = z.infer<typeof updateListResponseSchema>;
