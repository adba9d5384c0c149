import { shallowRef, type ShallowRef } from 'vue';
import { villagesResponseSchema, type VillageRef } from '../../../../shared/dashboard/overview';
import { apiGet } from '../api/client';

const villages = shallowRef<readonly VillageRef[]>([]);
let request: Promise<void> | null = null;

/**
 * Every village (for filter and form dropdowns), fetched once per page load: the list changes only
 * when the county publishes a new set, which staff see after a reload.
 */
export function useVillages(): { villages: ShallowRef<readonly VillageRef[]>; ready: Promise<void> } {
  request ??= apiGet('/villages', villagesResponseSchema)
    .then((answer) => {
      villages.value = answer.villages;
    })
    .catch((error: unknown) => {
      // Let the next caller try again; the dropdown stays empty meanwhile.
      request = null;
      throw error;
    });
  return { villages, ready: request.catch(() => undefined) };
}
