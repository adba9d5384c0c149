/**
 * ID-card readers at village stations act as keyboards: they "type" the 18-character number and press
 * Enter. This buffer recognises that burst among ordinary key presses.
 */
export const ID_CARD_LENGTH = 18;
/** A reader types a whole number in well under a second; a longer pause means a person is typing. */
export const ID_CARD_MAX_GAP_MS = 1500;

export class IdCardKeyBuffer {
  private chars = '';
  private lastAt = Number.NEGATIVE_INFINITY;

  /** Feeds one KeyboardEvent.key; returns the 18 characters when Enter completes a number. */
  feed(key: string, atMs: number): string | null {
    if (atMs - this.lastAt > ID_CARD_MAX_GAP_MS) this.chars = '';
    this.lastAt = atMs;
    if (key === 'Enter') {
      const candidate = this.chars;
      this.chars = '';
      return /^\d{17}[\dX]$/.test(candidate) ? candidate : null;
    }
    if (/^[0-9xX]$/.test(key)) {
      // Keep only the newest 18: a stray key pressed just before the card still lets the read succeed.
      this.chars = (this.chars + key.toUpperCase()).slice(-ID_CARD_LENGTH);
      return null;
    }
    if (key.length === 1) this.chars = '';
    return null;
  }

  clear(): void {
    this.chars = '';
  }
}
