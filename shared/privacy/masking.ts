/**
 * Masking rules for anything a resident-facing screen shows. Full ID numbers and bank
 * accounts never reach a public screen; stored county data already holds only the masked form.
 */

export const ID_VISIBLE_PREFIX = 6;
export const ID_VISIBLE_SUFFIX = 4;
export const ID_LENGTH = 18;
export const ACCOUNT_VISIBLE_SUFFIX = 4;

const MASKED_ID_PATTERN = /^\d{6}\*{8}\d{3}[\dX]$/;
const FULL_ID_SHAPE = /^\d{17}[\dX]$/;

// Two-character surnames that must not be cut after their first character.
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙',
  '宇文', '司徒', '夏侯', '令狐', '端木', '独孤', '南宫', '西门', '轩辕', '万俟',
]);

/** 341222198705120417 → 341222********0417. Already-masked input passes through. */
export function maskIdNumber(id: string): string {
  const upper = id.trim().toUpperCase();
  if (MASKED_ID_PATTERN.test(upper)) return upper;
  if (!FULL_ID_SHAPE.test(upper)) throw new Error('ID number must be 18 characters: 17 digits and a digit or X');
  return upper.slice(0, ID_VISIBLE_PREFIX) + '*'.repeat(ID_LENGTH - ID_VISIBLE_PREFIX - ID_VISIBLE_SUFFIX) + upper.slice(-ID_VISIBLE_SUFFIX);
}

export function isMaskedIdNumber(text: string): boolean {
  return MASKED_ID_PATTERN.test(text);
}

export function looksLikeFullIdNumber(text: string): boolean {
  return FULL_ID_SHAPE.test(text.trim().toUpperCase());
}

/** The last four characters used for lookup on the numeric keypad (may end in X). */
export function idLastFour(id: string): string {
  return id.trim().toUpperCase().slice(-ID_VISIBLE_SUFFIX);
}

/** 王小华 → 王*, 欧阳明 → 欧阳*. Used on browse lists (beneficiary lists), not on a household's own page. */
export function maskPersonName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  const firstTwo = chars.slice(0, 2).join('');
  const surname = chars.length > 2 && COMPOUND_SURNAMES.has(firstTwo) ? firstTwo : (chars[0] ?? '');
  return `${surname}*`;
}

/** 6217001234567890123 → ****0123 ; a value that is already four digits is shown the same way. */
export function maskAccount(account: string): string {
  const digits = account.replace(/\s+/g, '');
  if (digits.length < ACCOUNT_VISIBLE_SUFFIX) throw new Error('account number too short to mask');
  return `****${digits.slice(-ACCOUNT_VISIBLE_SUFFIX)}`;
}

/** True when the text contains something shaped like a full ID number: used as a guard in tests and printing. */
export function containsFullIdNumber(text: string): boolean {
  return /(?<!\d)\d{17}[\dXx](?![\dXx])/.test(text);
}
