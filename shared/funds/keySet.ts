import { fnv1a32 } from './fieldParsing';

const EMPTY = 0;

/** The low 32 bits, unsigned like the typed array that stores them (a signed value would never compare equal). */
function secondHash(key: string): number {
  return fnv1a32(key, 0x9747b28c) >>> 0;
}

/**
 * The disbursement ids of a file, as 64-bit hashes in typed arrays with the line each was first
 * seen on: about 12 bytes a row instead of a string per row, so a 1,000,000-row list is checked
 * for duplicates in ~24 MB. Two different ids sharing 64 bits are vanishingly unlikely (about
 * 3e-8 for a million rows); such a pair would be reported as a duplicate, never lost silently.
 */
export class HashedKeySet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  /** Line of the first occurrence; 0 marks an empty slot (lines start at 1). */
  private lines: Int32Array;
  private count = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 1 << 4;
    while (capacity < initialCapacity) capacity <<= 1;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.lines = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the key; returns the line it was first seen on when it was already there, else null. */
  add(key: string, line: number): number | null {
    if (line < 1) throw new RangeError('lines start at 1');
    const hi = fnv1a32(key);
    const lo = secondHash(key);
    const slot = this.find(hi, lo);
    const existing = this.lines[slot] as number;
    if (existing !== EMPTY) return existing;
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.lines[slot] = line;
    this.count++;
    if (this.count * 2 > this.lines.length) this.grow();
    return null;
  }

  has(key: string): boolean {
    return this.lines[this.find(fnv1a32(key), secondHash(key))] !== EMPTY;
  }

  private find(hi: number, lo: number): number {
    const mask = this.lines.length - 1;
    let slot = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
    while (this.lines[slot] !== EMPTY && (this.hi[slot] !== hi || this.lo[slot] !== lo)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { hi, lo, lines } = this;
    this.hi = new Uint32Array(lines.length * 2);
    this.lo = new Uint32Array(lines.length * 2);
    this.lines = new Int32Array(lines.length * 2);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === EMPTY) continue;
      const slot = this.find(hi[i] as number, lo[i] as number);
      this.hi[slot] = hi[i] as number;
      this.lo[slot] = lo[i] as number;
      this.lines[slot] = lines[i] as number;
    }
  }
}
