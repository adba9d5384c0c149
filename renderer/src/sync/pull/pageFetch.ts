import type { PullResponse } from '../../../../shared/sync/protocol';
import type { SyncClient } from '../syncClient';
import { preparePullPage, type PreparedPage } from './applyPullPage';

/**
 * One page asked for ahead of time. Its values are parsed (PULL_VALUE_SCHEMAS, the costly part)
 * when `prepareNow` is called — runPull calls it while IndexedDB commits the previous page, so the
 * parsing overlaps the disk instead of adding to it — or else when the page is taken.
 */
export class PageFetch {
  private response: PullResponse | null = null;
  private prepared: PreparedPage | null = null;
  private parseError: unknown = null;
  private readonly arrived: Promise<PullResponse>;

  constructor(client: SyncClient, readonly cursor: string, limit: number) {
    this.arrived = client.pull(cursor, limit).then((response) => (this.response = response));
    // Taken later, or dropped when the run stops first: a failure must not go unhandled meanwhile.
    this.arrived.catch(() => undefined);
  }

  /** Parses the page if it has arrived; never throws (a bad page is refused when it is taken). */
  prepareNow(): void {
    if (this.response === null || this.prepared !== null || this.parseError !== null) return;
    try {
      this.prepared = preparePullPage(this.response);
    } catch (error) {
      this.parseError = error;
    }
  }

  /** The parsed page; rejects with the network's error or the page's PullDataError. */
  async take(): Promise<PreparedPage> {
    const response = await this.arrived;
    if (this.parseError !== null) throw this.parseError;
    return this.prepared ?? preparePullPage(response);
  }
}
