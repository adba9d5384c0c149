import type { KioskDatabase } from '../../db/schema';
import { readPullState, runPull, type PullOptions, type PullRunResult } from '../pull';
import { pushPending, type PushIdentity } from '../pushOutbox';
import type { SyncClient } from '../syncClient';

/** The steps the engine runs, as functions so tests can stand in for the network and the database. */
export type PushStep = (db: KioskDatabase, client: SyncClient, identity: PushIdentity) => Promise<unknown>;

export type EnginePullOptions = Pick<PullOptions, 'maxPages' | 'signal' | 'onProgress' | 'villageCode'>;
export type PullStep = (db: KioskDatabase, client: SyncClient, options?: EnginePullOptions) => Promise<Pick<PullRunResult, 'done' | 'reset'>>;

/** The county epoch this kiosk's pulled data belongs to; null before the first page landed. */
export type ReadEpoch = (db: KioskDatabase) => Promise<number | null>;

export const defaultPush: PushStep = pushPending;
export const defaultPull: PullStep = runPull;
export const defaultReadEpoch: ReadEpoch = async (db) => (await readPullState(db)).epoch;
