import type { KioskDatabase } from '../../db/schema';

/** Where the pull stands; stored as meta 'pull' in the same transaction as the page it follows. */
export interface PullState {
  /** Opaque: what the county's last `next` said; '' pulls a fresh snapshot. */
  cursor: string;
  /** The county's epoch the cursor belongs to; null before the first page. */
  epoch: number | null;
  /** Changes applied since the snapshot began (for the progress bar). */
  rowsApplied: number;
  /** Changes in the snapshot, known from its first page; null when the pull began elsewhere. */
  snapshotTotal: number | null;
  /** The last page said there was nothing more. */
  complete: boolean;
}

export const INITIAL_PULL_STATE: PullState = Object.freeze({ cursor: '', epoch: null, rowsApplied: 0, snapshotTotal: null, complete: false });

export async function readPullState(db: KioskDatabase): Promise<PullState> {
  const record = await db.meta.get('pull');
  return record?.key === 'pull' ? record.value : { ...INITIAL_PULL_STATE };
}

/** How far a first sync is, in percent; null while its size is unknown. */
export function snapshotPercent(state: PullState): number | null {
  if (state.complete) return 100;
  if (state.snapshotTotal === null || state.snapshotTotal === 0) return null;
  return Math.min(100, Math.floor((100 * state.rowsApplied) / state.snapshotTotal));
}
