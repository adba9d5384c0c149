/** What the page and the pull worker say to each other. */
export interface StartPull {
  type: 'start';
  countyUrl: string;
  token: string;
  /** The enrolled village: with the county record it sets the kiosk's scope. */
  villageCode: string;
  dbName: string;
  limit: number;
}

export type WorkerReport =
  | { type: 'progress'; rows: number; remaining: number | null; ms: number }
  | { type: 'done'; pages: number; rows: number; ms: number; waitMs: number }
  | { type: 'error'; message: string };
