import type { HeadLine } from '../../db/import/householdCollector';
import type { PullState } from './pullState';

/** What a page found out about household heads: key → the line naming the head, null = no household. */
export type HeadUpdates = Map<string, HeadLine | null>;

/** Answers "who heads this household?" without a read when it can; undefined = go and read. */
export interface HeadLookup {
  known(key: string): HeadLine | null | undefined;
}

/** A table just emptied in this very transaction: every household is known to be absent. */
export const NO_HOUSEHOLDS: HeadLookup = { known: () => null };

/**
 * What one pull run remembers between its pages, so a million-row first sync does not read the
 * households table again for every page (in Chromium that read costs about as much as the page's
 * own writes). Only committed pages update it. It trusts that nothing but this run writes
 * households meanwhile: a folder import during a sync would need a new run.
 */
export class PullSession implements HeadLookup {
  private readonly heads = new Map<string, HeadLine | null>();
  /** True once this run emptied the households: a key it never saw has no household. */
  private complete = false;
  /** The state the run's last page stored, so the next page need not read it before its transaction. */
  lastState: PullState | null = null;

  known(key: string): HeadLine | null | undefined {
    const head = this.heads.get(key);
    if (head !== undefined) return head;
    return this.complete ? null : undefined;
  }

  /** Called after a page's transaction committed, with what that page read and wrote. */
  committed(outcome: { emptied: boolean; heads: HeadUpdates; state: PullState }): void {
    this.lastState = outcome.state;
    if (outcome.emptied) {
      this.heads.clear();
      this.complete = true;
    }
    for (const [key, head] of outcome.heads) this.heads.set(key, head);
  }

  /** A page failed: what the disk holds is no longer sure, so the next page reads it. */
  forget(): void {
    this.lastState = null;
    this.heads.clear();
    this.complete = false;
  }
}
