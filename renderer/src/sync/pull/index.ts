/** The kiosk side of the county pull: what the sync engine and the status screens use. */
export { applyPullPage, PullStateMovedError, type ApplyOptions, type ApplyResult } from './applyPullPage';
export { isQuotaExceeded, PullDataError, StorageFullError } from './pullErrors';
export { INITIAL_PULL_STATE, readPullState, snapshotPercent, type PullState } from './pullState';
export { DEFAULT_MAX_PAGES, runPull, type PullOptions, type PullProgress, type PullRunResult } from './runPull';
