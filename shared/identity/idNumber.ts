/**
 * Resident identity numbers (居民身份证号码) as defined by GB 11643-1999: 6-digit region code,
 * 8-digit birth date, 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2
 * check character. Used by agent forms, the county server and the demo generator.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** Birth years before this are rejected: the second-generation card was never issued to them in practice. */
export const ID_MIN_BIRTH_YEAR = 1900;
/** Upper bound used when the caller gives neither `today` nor `maxYear` (the kiosk clock is not trusted). */
export const ID_DEFAULT_MAX_BIRTH_YEAR = 2100;

// Province-level codes (first two digits) in use, plus 83 (Taiwan residents' residence permits)
// and 9x (the 2023 foreigners' permanent residence card, which follows the same check-digit rule).
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83', '91', '92', '93', '94', '95', '96', '97', '98', '99',
]);

export type IdNumberErrorCode = 'LENGTH' | 'FORMAT' | 'BIRTH_DATE' | 'CHECK_DIGIT';

export interface IdNumberInfo {
  /** The 18 characters, with a final x upper-cased. */
  id: string;
  regionCode: string;
  /** ISO date, e.g. 1987-05-12. */
  birthDate: string;
  sex: 'male' | 'female';
}

export type IdNumberResult =
  | { ok: true; value: IdNumberInfo }
  | { ok: false; code: IdNumberErrorCode; message: string };

export interface IdNumberOptions {
  /** ISO date the birth date may not be after (a trusted date, e.g. the server's). */
  today?: string;
  /** Latest birth year accepted when no `today` is given. */
  maxYear?: number;
}

/** The check character (0-9 or X) for the first 17 digits. Throws when the input is not 17 digits. */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('the check digit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** Appends the check character: a full valid ID number from its first 17 digits. */
export function completeIdNumber(first17: string): string {
  return first17 + idCheckDigit(first17);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] as number);
}

function fail(code: IdNumberErrorCode, message: string): IdNumberResult {
  return { ok: false, code, message };
}

/** Validates an 18-character ID number: shape, region, real birth date in range, check digit. */
export function parseIdNumber(text: string, options: IdNumberOptions = {}): IdNumberResult {
  const id = text.trim().toUpperCase();
  if (id.length !== 18) return fail('LENGTH', `an ID number has 18 characters, got ${id.length}`);
  if (!/^\d{17}[\dX]$/.test(id)) return fail('FORMAT', 'an ID number is 17 digits followed by a digit or X');
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return fail('FORMAT', `"${id.slice(0, 2)}" is not a province code`);

  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(year, month, day)) return fail('BIRTH_DATE', `${birthDate} is not a calendar date`);
  if (year < ID_MIN_BIRTH_YEAR) return fail('BIRTH_DATE', `birth year ${year} is before ${ID_MIN_BIRTH_YEAR}`);
  if (options.today !== undefined) {
    if (birthDate > options.today) return fail('BIRTH_DATE', `birth date ${birthDate} is after ${options.today}`);
  } else if (year > (options.maxYear ?? ID_DEFAULT_MAX_BIRTH_YEAR)) {
    return fail('BIRTH_DATE', `birth year ${year} is in the future`);
  }

  const expected = idCheckDigit(id.slice(0, 17));
  if (id[17] !== expected) return fail('CHECK_DIGIT', 'the check digit does not match (a digit was mistyped)');

  return {
    ok: true,
    value: {
      id,
      regionCode: id.slice(0, 6),
      birthDate,
      sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

export function isValidIdNumber(text: string, options: IdNumberOptions = {}): boolean {
  return parseIdNumber(text, options).ok;
}
