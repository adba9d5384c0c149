import { parseYuanToFen, type Fen } from '../money';
import { parseIdNumber } from '../identity/idNumber';
import { isMaskedIdNumber, maskIdNumber } from '../privacy/masking';

/** One payment line above this is a typing error (an ID or account pasted into the amount), not a subsidy. */
export const MAX_ROW_YUAN = 1_000_000;
export const MAX_ROW_FEN: Fen = MAX_ROW_YUAN * 100;
const MAX_ROW_YUAN_TEXT = MAX_ROW_YUAN.toLocaleString('en-US');

export type FieldResult<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const bad = <T>(reason: string): FieldResult<T> => ({ ok: false, reason });

const NEEDS_HALF_WIDTH = /[\uff01-\uff5e\s\u3000\u00a0]/;

/** Full-width digits, letters and punctuation (０-９ Ｘ ． ， － ／) → ASCII; every kind of space removed. */
export function toHalfWidth(text: string): string {
  // Most cells are plain ASCII already: skip the two replacements (a million rows, a dozen cells each).
  if (!NEEDS_HALF_WIDTH.test(text)) return text;
  return text
    .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000\u00a0]+/g, '');
}

/** "１，２３４．５０元", "¥1,234.5", "1 234.50" → 123450 fen. Negative and absurd amounts are refused. */
export function parseAmountFen(text: string, column: string): FieldResult<Fen> {
  const plain = toHalfWidth(text).replace(/^[¥￥]/, '').replace(/元$/, '');
  if (plain === '') return bad(`${column} is empty`);
  if (plain.includes(',') && !/^-?\d{1,3}(,\d{3})+(\.\d*)?$/.test(plain)) return bad(`${column} "${text}" has misplaced thousands separators`);
  const digits = plain.replace(/,/g, '');
  if (/^[-−]/.test(digits) && /\d/.test(digits)) return bad(`${column} "${text}" is negative`);
  if (/^\d+(\.\d+)?[eE][+-]?\d+$/.test(digits)) return bad(`${column} "${text}" is in scientific notation`);
  const absurd = (): FieldResult<Fen> => bad(`${column} "${text}" is more than ${MAX_ROW_YUAN_TEXT} 元 for one household`);
  if (/^\d{8,}(\.\d*)?$/.test(digits)) return absurd();
  let fen: Fen;
  try {
    fen = parseYuanToFen(digits);
  } catch {
    return bad(`${column} "${text}" is not an amount in yuan (at most two decimals)`);
  }
  if (fen > MAX_ROW_FEN) return absurd();
  return ok(fen);
}

/**
 * Keeps only the masked form of an ID number. A full 18-character number must be a valid one
 * (region, birth date, check digit); an already-masked 110101********1234 is taken as is.
 */
export function parseIdToMasked(text: string): FieldResult<string> {
  const id = toHalfWidth(text).toUpperCase();
  if (id === '') return bad('ID number is empty');
  if (isMaskedIdNumber(id)) return ok(id);
  if (/^\d(\.\d+)?E\+\d+$/.test(id)) return bad('ID number was turned into a number by Excel (format the column as text)');
  // Never echo the number itself: error reports are kept and shown.
  if (id.length !== 18) return bad(`ID number has ${id.length} characters, expected 18 (or masked like 110101********1234)`);
  const parsed = parseIdNumber(id);
  if (!parsed.ok) return bad(`ID number is not valid: ${parsed.message}`);
  return ok(maskIdNumber(parsed.value.id));
}

/** "6217 0012 3456 7890 123", "****0123", "0123" → "0123". */
export function parseAccountLast4(text: string): FieldResult<string> {
  const account = toHalfWidth(text).replace(/-/g, '');
  const match = /^\**(\d{4,30})$/.exec(account);
  if (!match) return bad(`account "${account.length > 8 ? `…${account.slice(-4)}` : account}" is not an account number`);
  return ok((match[1] as string).slice(-4));
}

/** 2024-05-20, 2024/5/20, 2024.5.20, 2024年5月20日, 20240520 → 2024-05-20 (a real calendar date). */
export function parseIsoDate(text: string): FieldResult<string> {
  const plain = toHalfWidth(text);
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(plain) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(plain);
  if (!match) return bad(`date "${text}" is not like 2024-05-20`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return bad(`date "${text}" is not a calendar date`);
  return ok(`${match[1]}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

const CHINESE_NUMERALS = '〇一二三四五六七八九';

/** "3组", "第3组", "三组", "03" → 3; 1..99. */
export function parseGroupNo(text: string): FieldResult<number> {
  let plain = toHalfWidth(text).replace(/^第/, '').replace(/(村民)?(小)?组$/, '');
  if (/^[一二三四五六七八九十]+$/.test(plain)) {
    const [tens, ones] = plain.includes('十') ? plain.split('十') : ['', plain];
    const digit = (s: string | undefined): number => CHINESE_NUMERALS.indexOf(s ?? '');
    plain = String((plain.includes('十') ? (tens === '' ? 1 : digit(tens)) * 10 : 0) + (ones === '' ? 0 : digit(ones)));
  }
  const n = /^\d{1,2}$/.test(plain) ? Number(plain) : NaN;
  return n >= 1 && n <= 99 ? ok(n) : bad(`group "${text}" is not like 3组`);
}

/** "12", "000012" → "000012"; at most 6 digits. */
export function parseHouseholdNo(text: string): FieldResult<string> {
  const plain = toHalfWidth(text);
  return /^\d{1,6}$/.test(plain) ? ok(plain.padStart(6, '0')) : bad(`household number "${text}" is not up to 6 digits`);
}

/** 32-bit FNV-1a over UTF-16 code units; also used (twice, seeded) for the 64-bit duplicate keys. */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A household number for a list without 户号: six digits from the masked ID and the name, so the
 * same household gets the same number in every upload (whether the list had full or masked IDs)
 * and a re-upload replaces rather than adds. Two households colliding within one village and
 * program surface as a duplicate row asking for a 户号 column.
 */
export function deriveHouseholdNo(idMasked: string, headName: string): string {
  return String(fnv1a32(`${idMasked}|${headName}`) % 1_000_000).padStart(6, '0');
}
