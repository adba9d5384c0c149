import { compareSemver } from '../../../../shared/updates/semver';
import type { UpdateManifest } from '../../../../shared/updates/manifest';

/**
 * The newest file a kiosk running `current` may install: newer than what it runs, and not
 * requiring a newer starting point (minVersion). null: nothing to do. Pure, so the rule is tested
 * without a database; the same rule guards the kiosk's side (electron/logic/updates/updateDecision.ts).
 */
export function newestApplicableUpdate(published: readonly UpdateManifest[], current: string): UpdateManifest | null {
  let best: UpdateManifest | null = null;
  for (const candidate of published) {
    if (compareSemver(candidate.version, current) <= 0) continue;
    if (candidate.minVersion !== undefined && compareSemver(current, candidate.minVersion) < 0) continue;
    if (best === null || compareSemver(candidate.version, best.version) > 0) best = candidate;
  }
  return best;
}
