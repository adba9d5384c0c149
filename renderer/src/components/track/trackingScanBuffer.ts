/**
 * A QR or barcode scanner acts as a keyboard: it types the receipt number (DB-341299101201-261127-007)
 * and presses Enter. A resident with a keyboard may type the 9 digits and Enter too. This buffer
 * collects those keys from anywhere on the screen and hands over the text when Enter ends it.
 */
export const TRACKING_MAX_LENGTH = 32;
/** Scanners type in a burst; people pause. A longer gap starts over so stale keys never join a number. */
export const TRACKING_MAX_GAP_MS = 3000;

export class TrackingScanBuffer {
  private chars = '';
  private lastAt = Number.NEGATIVE_INFINITY;

  /** Feeds one KeyboardEvent.key; returns the typed text when Enter ends a non-empty run. */
  feed(key: string, atMs: number): string | null {
    if (atMs - this.lastAt > TRACKING_MAX_GAP_MS) this.chars = '';
    this.lastAt = atMs;
    if (key === 'Enter') {
      const text = this.chars;
      this.chars = '';
      return text === '' ? null : text;
    }
    if (/^[0-9A-Za-z-]$/.test(key)) {
      this.chars = (this.chars + key.toUpperCase()).slice(-TRACKING_MAX_LENGTH);
      return null;
    }
    // Shift and other modifiers arrive between a scanner's capital letters: they do not break the run.
    if (key.length === 1) this.chars = '';
    return null;
  }

  clear(): void {
    this.chars = '';
  }
}
