import type { FundTextEncoding } from '../dashboard/funds';

/**
 * Checks byte sequences across chunk boundaries and reports the offset of the first one that is
 * not valid in the encoding. TextDecoder's fatal mode only says that something failed; staff need
 * to know where (a GBK file with one UTF-8 line pasted in, a list cut and re-joined by hand).
 */
export class ByteSequenceValidator {
  private offset = 0;
  /** Continuation bytes still expected in the current sequence. */
  private needed = 0;
  /** Where the sequence in progress started (what is reported when it breaks). */
  private sequenceStart = 0;
  private lower = 0x80;
  private upper = 0xbf;
  /** gb18030: position within a lead-started sequence (1 = after the lead, 2, 3). */
  private gbPosition = 0;

  constructor(private readonly encoding: FundTextEncoding) {}

  /** Returns the absolute offset of the first invalid byte sequence in this chunk, or null. */
  push(chunk: Uint8Array): number | null {
    const invalid = this.encoding === 'gb18030' ? this.pushGb18030(chunk) : this.pushUtf8(chunk);
    this.offset += chunk.length;
    return invalid;
  }

  /** Offset of a sequence the input ended in the middle of, or null. */
  finish(): number | null {
    return this.needed > 0 || this.gbPosition > 0 ? this.sequenceStart : null;
  }

  private pushUtf8(chunk: Uint8Array): number | null {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (this.needed > 0) {
        if (b < this.lower || b > this.upper) return this.sequenceStart;
        this.lower = 0x80;
        this.upper = 0xbf;
        this.needed--;
        continue;
      }
      if (b < 0x80) continue;
      this.sequenceStart = this.offset + i;
      if (b >= 0xc2 && b <= 0xdf) this.needed = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        this.needed = 2;
        if (b === 0xe0) this.lower = 0xa0;
        if (b === 0xed) this.upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        this.needed = 3;
        if (b === 0xf0) this.lower = 0x90;
        if (b === 0xf4) this.upper = 0x8f;
      } else return this.sequenceStart;
    }
    return null;
  }

  private pushGb18030(chunk: Uint8Array): number | null {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      switch (this.gbPosition) {
        case 0:
          if (b <= 0x80) continue;
          if (b === 0xff) return this.offset + i;
          this.sequenceStart = this.offset + i;
          this.gbPosition = 1;
          continue;
        case 1:
          if (b >= 0x30 && b <= 0x39) this.gbPosition = 2;
          else if ((b >= 0x40 && b <= 0x7e) || (b >= 0x80 && b <= 0xfe)) this.gbPosition = 0;
          else return this.sequenceStart;
          continue;
        case 2:
          if (b < 0x81 || b > 0xfe) return this.sequenceStart;
          this.gbPosition = 3;
          continue;
        default:
          if (b < 0x30 || b > 0x39) return this.sequenceStart;
          this.gbPosition = 0;
      }
    }
    return null;
  }
}
