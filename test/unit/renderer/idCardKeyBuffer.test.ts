import { describe, expect, it } from 'vitest';
import { IdCardKeyBuffer, ID_CARD_MAX_GAP_MS } from '../../../renderer/src/lib/idCardKeyBuffer';

function typeAll(buffer: IdCardKeyBuffer, text: string, startMs = 0, gapMs = 5): Array<string | null> {
  return [...text].map((ch, i) => buffer.feed(ch === '\n' ? 'Enter' : ch, startMs + i * gapMs));
}

describe('IdCardKeyBuffer', () => {
  it('returns the 18 characters a reader types before Enter', () => {
    const results = typeAll(new IdCardKeyBuffer(), '34129919870512041X\n');
    expect(results.at(-1)).toBe('34129919870512041X');
    expect(results.slice(0, -1).every((r) => r === null)).toBe(true);
  });

  it('upper-cases a lowercase x check digit', () => {
    expect(typeAll(new IdCardKeyBuffer(), '34129919870512041x\n').at(-1)).toBe('34129919870512041X');
  });

  it('ignores Enter after fewer than 18 characters', () => {
    expect(typeAll(new IdCardKeyBuffer(), '3412991987\n').at(-1)).toBeNull();
  });

  it('keeps only the newest 18 characters when a stray key came first', () => {
    expect(typeAll(new IdCardKeyBuffer(), '9341299198705120417\n').at(-1)).toBe('341299198705120417');
  });

  it('forgets characters after a long pause', () => {
    const buffer = new IdCardKeyBuffer();
    typeAll(buffer, '341299198', 0);
    const later = typeAll(buffer, '705120417\n', ID_CARD_MAX_GAP_MS + 1000);
    expect(later.at(-1)).toBeNull();
  });

  it('resets on a letter other than X', () => {
    expect(typeAll(new IdCardKeyBuffer(), '341299198A705120417\n').at(-1)).toBeNull();
  });

  it('does not accept X in the middle', () => {
    expect(typeAll(new IdCardKeyBuffer(), '3412991987X5120417\n').at(-1)).toBeNull();
  });
});
