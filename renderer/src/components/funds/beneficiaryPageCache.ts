export interface BeneficiaryPageCacheOptions<Row> {
  /** Rows per page: one index-range read each. */
  pageSize: number;
  /** Pages kept in memory; the least recently used go first, never the ones on screen. */
  maxPages: number;
  /** Rows whose rank is in [startRank, startRank + count). */
  load: (startRank: number, count: number) => Promise<Row[]>;
  /** A page arrived or failed: the view should read again. */
  onChange: () => void;
}

/**
 * The rows of a long ranked list, fetched page by page as they come into view and kept in a small
 * LRU, so a list of 100,000 rows never holds more than `maxPages × pageSize` of them.
 */
export class BeneficiaryPageCache<Row extends { rank: number }> {
  private readonly pages = new Map<number, (Row | undefined)[]>();
  private readonly inFlight = new Set<number>();
  private onScreen = new Set<number>();
  // Bumped by clear(): answers to requests made before it are dropped.
  private generation = 0;
  error: Error | null = null;

  constructor(private readonly options: BeneficiaryPageCacheOptions<Row>) {
    if (!Number.isInteger(options.pageSize) || options.pageSize < 1) throw new Error('pageSize must be a positive integer');
    if (!Number.isInteger(options.maxPages) || options.maxPages < 1) throw new Error('maxPages must be a positive integer');
  }

  private pageOf(rank: number): number {
    return Math.floor(rank / this.options.pageSize);
  }

  rowAt(rank: number): Row | undefined {
    return this.pages.get(this.pageOf(rank))?.[rank % this.options.pageSize];
  }

  /** True once the page holding this rank has been read (the row may still be absent if the data has a gap). */
  isLoaded(rank: number): boolean {
    return this.pages.has(this.pageOf(rank));
  }

  get cachedPageCount(): number {
    return this.pages.size;
  }

  /** Ensure the pages covering ranks [firstRank, lastRank] are loaded or on their way. */
  request(firstRank: number, lastRank: number): void {
    if (lastRank < firstRank || firstRank < 0) return;
    const firstPage = this.pageOf(firstRank);
    const lastPage = this.pageOf(lastRank);
    this.onScreen = new Set();
    for (let page = firstPage; page <= lastPage; page++) {
      this.onScreen.add(page);
      const rows = this.pages.get(page);
      if (rows) {
        // Map order is the LRU order: re-inserting marks the page as just used.
        this.pages.delete(page);
        this.pages.set(page, rows);
      } else if (!this.inFlight.has(page)) {
        this.fetch(page);
      }
    }
    this.evict();
  }

  /** Forget everything (the data changed underneath); requests still in flight are ignored. */
  clear(): void {
    this.generation++;
    this.pages.clear();
    this.inFlight.clear();
    this.onScreen = new Set();
    this.error = null;
  }

  private fetch(page: number): void {
    const generation = this.generation;
    const start = page * this.options.pageSize;
    this.inFlight.add(page);
    this.options.load(start, this.options.pageSize).then(
      (rows) => {
        if (generation !== this.generation) return;
        this.inFlight.delete(page);
        const slots = new Array<Row | undefined>(this.options.pageSize);
        for (const row of rows) {
          const offset = row.rank - start;
          if (offset >= 0 && offset < this.options.pageSize) slots[offset] = row;
        }
        this.pages.set(page, slots);
        this.error = null;
        this.evict();
        this.options.onChange();
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        // Not cached: the next request for this page tries again.
        this.inFlight.delete(page);
        this.error = error instanceof Error ? error : new Error(String(error));
        this.options.onChange();
      },
    );
  }

  private evict(): void {
    for (const page of this.pages.keys()) {
      if (this.pages.size <= this.options.maxPages) return;
      if (!this.onScreen.has(page)) this.pages.delete(page);
    }
  }
}
