import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeIdNumber, idCheckDigit, isValidIdNumber, parseIdNumber } from '../../../shared/identity/idNumber';

/** The two worked examples printed in GB 11643-1999 itself. */
const STANDARD_FEMALE = '11010519491231002X';
const STANDARD_1880 = '440524188001010014';

function codeOf(text: string, options?: Parameters<typeof parseIdNumber>[1]): string {
  const result = parseIdNumber(text, options);
  return result.ok ? 'OK' : result.code;
}

describe('idCheckDigit', () => {
  it('matches the examples of the standard', () => {
    expect(idCheckDigit(STANDARD_FEMALE.slice(0, 17))).toBe('X');
    expect(idCheckDigit(STANDARD_1880.slice(0, 17))).toBe('4');
  });

  it('computes ISO 7064 MOD 11-2 by hand for a constructed number', () => {
    // 3·7+4·9+1·10+2·5+9·8+9·4+1·2+9·1+8·6+7·3+0·7+5·9+1·10+2·5+0·8+4·4+1·2 = 348; 348 mod 11 = 7 → '10X98765432'[7] = '5'
    expect(idCheckDigit('34129919870512041')).toBe('5');
  });

  it('rejects anything but 17 digits', () => {
    expect(() => idCheckDigit('3412991987051204')).toThrow();
    expect(() => idCheckDigit('3412991987051204X')).toThrow();
  });
});

describe('parseIdNumber', () => {
  it('reads region, birth date and sex from a valid number', () => {
    expect(parseIdNumber(STANDARD_FEMALE)).toEqual({
      ok: true,
      value: { id: STANDARD_FEMALE, regionCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    });
    const constructed = completeIdNumber('34129919870512041');
    expect(constructed).toBe('341299198705120415');
    expect(parseIdNumber(constructed)).toEqual({
      ok: true,
      value: { id: constructed, regionCode: '341299', birthDate: '1987-05-12', sex: 'male' },
    });
  });

  it('accepts a lower-case x and surrounding spaces, and returns the number upper-cased', () => {
    const result = parseIdNumber(` ${STANDARD_FEMALE.toLowerCase()}\n`);
    expect(result.ok && result.value.id).toBe(STANDARD_FEMALE);
  });

  it('names a wrong check digit', () => {
    expect(codeOf('341299198705120414')).toBe('CHECK_DIGIT');
    expect(codeOf('341299198705120415')).toBe('OK');
    expect(codeOf('110105194912310021')).toBe('CHECK_DIGIT');
  });

  it('rejects dates that are not on the calendar', () => {
    expect(codeOf(completeIdNumber('34129919870230041'))).toBe('BIRTH_DATE'); // 30 February
    expect(codeOf(completeIdNumber('34129919870431041'))).toBe('BIRTH_DATE'); // 31 April
    expect(codeOf(completeIdNumber('34129919871301041'))).toBe('BIRTH_DATE'); // month 13
    expect(codeOf(completeIdNumber('34129919870500041'))).toBe('BIRTH_DATE'); // day 0
    expect(codeOf(completeIdNumber('34129919000229041'))).toBe('BIRTH_DATE'); // 1900 was not a leap year
    expect(codeOf(completeIdNumber('34129920000229041'))).toBe('OK'); // 2000 was
  });

  it('rejects birth years before 1900 and birth dates in the future', () => {
    expect(codeOf(STANDARD_1880)).toBe('BIRTH_DATE');
    const born2024 = completeIdNumber('34129920240601041');
    expect(codeOf(born2024, { today: '2024-06-01' })).toBe('OK');
    expect(codeOf(born2024, { today: '2024-05-31' })).toBe('BIRTH_DATE');
    expect(codeOf(born2024, { maxYear: 2023 })).toBe('BIRTH_DATE');
    expect(codeOf(born2024, { maxYear: 2024 })).toBe('OK');
    expect(codeOf(completeIdNumber('34129921010101041'))).toBe('BIRTH_DATE');
  });

  it('names the length and the shape of malformed input', () => {
    expect(codeOf('')).toBe('LENGTH');
    expect(codeOf(STANDARD_FEMALE.slice(0, 17))).toBe('LENGTH');
    expect(codeOf(`${STANDARD_FEMALE}0`)).toBe('LENGTH');
    expect(codeOf('1101051949123100X2')).toBe('FORMAT');
    expect(codeOf('11010519491231O02X')).toBe('FORMAT');
    expect(codeOf('１１０１０５１９４９１２３１００２Ｘ')).toBe('FORMAT'); // full-width digits
    expect(codeOf(completeIdNumber('00129919870512041'))).toBe('FORMAT'); // no province 00
    const failure = parseIdNumber('1101');
    expect(failure).toMatchObject({ ok: false, code: 'LENGTH', message: expect.stringContaining('18') });
  });

  it('detects every single-digit typo and every swap of two different neighbours', () => {
    const firstSeventeen = fc
      .record({
        region: fc.constantFrom('110105', '341299', '341222', '440524', '650102'),
        day: fc.integer({ min: 0, max: 365 * 100 }),
        sequence: fc.integer({ min: 0, max: 999 }),
      })
      .map(({ region, day, sequence }) => {
        const birth = new Date(Date.UTC(1920, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
        return `${region}${birth}${String(sequence).padStart(3, '0')}`;
      });
    fc.assert(
      fc.property(firstSeventeen, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (first17, position, delta) => {
        const id = completeIdNumber(first17);
        expect(isValidIdNumber(id)).toBe(true);
        const digit = (Number(id[position]) + delta) % 10;
        const typo = `${id.slice(0, position)}${digit}${id.slice(position + 1)}`;
        expect(isValidIdNumber(typo)).toBe(false);
        if (id[position] !== id[position + 1] && position < 17) {
          const swapped = `${id.slice(0, position)}${id[position + 1]}${id[position]}${id.slice(position + 2)}`;
          expect(isValidIdNumber(swapped)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
