import { describe, expect, it } from 'vitest';
import { inputFits, isSearchMode } from '../../../renderer/src/lib/householdSearch';

describe('household search input rules', () => {
  it('accepts 2–4 pinyin initials and nothing that cannot start a syllable', () => {
    expect(inputFits('name', 'WXH')).toBe(true);
    expect(inputFits('name', 'W')).toBe(false);
    expect(inputFits('name', 'WXHLM')).toBe(false);
    expect(inputFits('name', 'WIH')).toBe(false);
    expect(inputFits('name', 'wxh')).toBe(false);
  });

  it('accepts exactly 6 digits as a household number', () => {
    expect(inputFits('number', '030127')).toBe(true);
    expect(inputFits('number', '03012')).toBe(false);
    expect(inputFits('number', '03012X')).toBe(false);
  });

  it('accepts 4 ID characters with X only last', () => {
    expect(inputFits('id', '0417')).toBe(true);
    expect(inputFits('id', '041X')).toBe(true);
    expect(inputFits('id', '04X7')).toBe(false);
    expect(inputFits('id', '417')).toBe(false);
  });

  it('accepts a full ID shape in card mode only', () => {
    expect(inputFits('card', '34129919870512041X')).toBe(true);
    expect(inputFits('card', '3412991987051204')).toBe(false);
  });

  it('recognises search modes', () => {
    expect(isSearchMode('name')).toBe(true);
    expect(isSearchMode('email')).toBe(false);
    expect(isSearchMode(undefined)).toBe(false);
  });
});
