/**
 * Phone numbers a resident gives for a callback: a mainland mobile (11 digits, 1[3-9]…) or a
 * landline with its area code (0 + 2–3 digits, then 7–8 digits). Spaces and dashes that people
 * type between groups are tolerated; the value kept is digits only, with one dash after a
 * landline's area code so it reads the way it is dialled.
 */

export type PhoneErrorCode = 'EMPTY' | 'FORMAT';

export type PhoneResult =
  | { ok: true; value: string; kind: 'mobile' | 'landline' }
  | { ok: false; code: PhoneErrorCode; message: string };

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE_TYPED_WITH_DASH = /^(0\d{2,3})-(\d{7,8})$/;
const LOCAL_NUMBER = /^\d{7,8}$/;

/** Without a dash the area code length follows the numbering plan: 010 and 02x are the big cities, the rest 0xxx. */
function splitLandline(digits: string): [string, string] {
  const areaLength = /^0(10|2\d)/.test(digits) ? 3 : 4;
  return [digits.slice(0, areaLength), digits.slice(areaLength)];
}

export function parsePhone(text: string): PhoneResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, code: 'EMPTY', message: 'no phone number given' };
  if (!/^[\d\s-]+$/.test(trimmed)) {
    return { ok: false, code: 'FORMAT', message: 'a phone number contains only digits, spaces and dashes' };
  }
  const digits = trimmed.replace(/[\s-]/g, '');
  if (MOBILE.test(digits)) return { ok: true, value: digits, kind: 'mobile' };

  if (digits.startsWith('0')) {
    const compact = trimmed.replace(/\s/g, '');
    const dashed = LANDLINE_TYPED_WITH_DASH.exec(compact);
    if (dashed) return { ok: true, value: `${dashed[1]}-${dashed[2]}`, kind: 'landline' };
    if (!compact.includes('-')) {
      const [area, local] = splitLandline(digits);
      if (LOCAL_NUMBER.test(local)) return { ok: true, value: `${area}-${local}`, kind: 'landline' };
    }
    return { ok: false, code: 'FORMAT', message: 'a landline is the area code (0 and 2–3 digits) and 7–8 digits' };
  }
  if (digits.startsWith('1')) {
    return { ok: false, code: 'FORMAT', message: 'a mobile number is 11 digits starting with 13–19' };
  }
  return { ok: false, code: 'FORMAT', message: 'not a mobile number (11 digits) or a landline with its area code' };
}
