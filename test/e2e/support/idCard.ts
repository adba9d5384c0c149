import { idCheckDigit } from '../../../shared/identity/idNumber';

/**
 * A full, valid ID number whose masked form (first 6 + last 4) is the given one: what a resident's
 * card reader would type. The birth date in the middle is searched until the check digit fits.
 */
export function fullIdForMasked(masked: string): string {
  const prefix = masked.slice(0, 6);
  const sequence = masked.slice(14, 17);
  const check = masked.slice(17);
  for (let day = 0; day < 3650; day++) {
    const date = new Date(Date.UTC(1960, 0, 1 + day)).toISOString().slice(0, 10).replaceAll('-', '');
    const first17 = `${prefix}${date}${sequence}`;
    if (idCheckDigit(first17) === check) return `${first17}${check}`;
  }
  throw new Error(`no birth date in the 1960s gives check digit ${check} for ${masked}`);
}

/** The same number with a check digit that is wrong. */
export function withWrongCheckDigit(id: string): string {
  const right = id.slice(17);
  const wrong = right === '0' ? '1' : '0';
  return `${id.slice(0, 17)}${wrong}`;
}
