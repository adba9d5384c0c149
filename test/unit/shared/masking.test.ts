import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeIdNumber } from '../../../shared/identity/idNumber';
import {
  containsFullIdNumber,
  idLastFour,
  isMaskedIdNumber,
  looksLikeFullIdNumber,
  maskAccount,
  maskIdNumber,
  maskPersonName,
} from '../../../shared/privacy/masking';

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters', () => {
    expect(maskIdNumber('341222198705120417')).toBe('341222********0417');
    expect(maskIdNumber(' 11010519491231002x ')).toBe('110105********002X');
  });

  it('passes an already-masked number through, upper-cased', () => {
    expect(maskIdNumber('110105********002x')).toBe('110105********002X');
    expect(isMaskedIdNumber('341222********0417')).toBe(true);
    expect(isMaskedIdNumber('341222*******40417')).toBe(false);
  });

  it('refuses anything that is neither', () => {
    for (const bad of ['', '34122219870512041', '3412221987051204177', '34122219870512041Y', '341222****0417']) {
      expect(() => maskIdNumber(bad), bad).toThrow();
    }
  });

  it('never leaks the middle eight digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        const id = completeIdNumber(first17);
        const masked = maskIdNumber(id);
        expect(masked.slice(6, 14)).toBe('********');
        expect(masked.slice(0, 6) + masked.slice(14)).toBe(id.slice(0, 6) + id.slice(14));
        expect(containsFullIdNumber(masked)).toBe(false);
        expect(idLastFour(masked)).toBe(idLastFour(id));
      }),
    );
  });
});

describe('full ID detection', () => {
  it('finds an 18-character ID number inside text', () => {
    expect(containsFullIdNumber('户主身份证341222198705120417，请核对')).toBe(true);
    expect(containsFullIdNumber('id=11010519491231002x;')).toBe(true);
    expect(containsFullIdNumber('341222********0417')).toBe(false);
    expect(containsFullIdNumber('6217001234567890123')).toBe(false); // a 19-digit bank card
    expect(containsFullIdNumber('34122219870512041')).toBe(false);
    expect(looksLikeFullIdNumber(' 11010519491231002x')).toBe(true);
    expect(looksLikeFullIdNumber('110105********002X')).toBe(false);
  });
});

describe('maskPersonName', () => {
  it('keeps only the surname on browse lists', () => {
    expect(maskPersonName('王小华')).toBe('王*');
    expect(maskPersonName('王芳')).toBe('王*');
    expect(maskPersonName('欧阳明')).toBe('欧阳*');
    expect(maskPersonName('诸葛建国')).toBe('诸葛*');
    expect(maskPersonName(' 李强 ')).toBe('李*');
    expect(maskPersonName('')).toBe('');
    expect(maskPersonName('买买提·艾力')).toBe('买*');
  });
});

describe('maskAccount', () => {
  it('shows only the last four digits', () => {
    expect(maskAccount('6217 0012 3456 7890 123')).toBe('****0123');
    expect(maskAccount('6217001234567890123')).toBe('****0123');
    expect(maskAccount('0123')).toBe('****0123');
    expect(() => maskAccount('123')).toThrow();
  });
});
