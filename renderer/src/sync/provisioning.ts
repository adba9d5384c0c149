import { PROVISIONING_FILE, provisioningSchema } from '../../../shared/sync/provisioning';
import { enrollKiosk, type EnrollmentDeps } from './enrollment';

export type ProvisioningOutcome =
  | { kind: 'none' }
  | { kind: 'enrolled' }
  /** The file is there but unusable, or the county refused it: the agent enrols by hand instead. */
  | { kind: 'failed'; detail: string };

/**
 * First start of a kiosk that is not enrolled: a provisioning file beside the app (left by the
 * county's IT, or by `npm start` for its local county) enrols it without anyone typing a code.
 */
export async function provisionFromFile(baseUrl: string, deps: EnrollmentDeps): Promise<ProvisioningOutcome> {
  const response = await fetch(new URL(PROVISIONING_FILE, baseUrl), { cache: 'no-store' }).catch(() => null);
  if (!response || response.status === 404) return { kind: 'none' };
  if (!response.ok) return { kind: 'failed', detail: `${PROVISIONING_FILE}: HTTP ${response.status}` };
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return { kind: 'failed', detail: `${PROVISIONING_FILE}: not valid JSON` };
  }
  const parsed = provisioningSchema.safeParse(json);
  if (!parsed.success) return { kind: 'failed', detail: `${PROVISIONING_FILE}: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  const result = await enrollKiosk(parsed.data, deps);
  return result.ok ? { kind: 'enrolled' } : { kind: 'failed', detail: `${PROVISIONING_FILE}: ${result.failure} (${result.detail})` };
}
