/**
 * Money is integer fen (分). Text crosses boundaries as yuan with up to two decimals;
 * it is parsed digit by digit so no floating-point rounding ever touches an amount.
 */
export type Fen = number;

/** The largest amount the kiosk accepts in one field: 100 million yuan. */
export const MAX_FEN: Fen = 10_000_000_000;

const YUAN_PATTERN = /^(-)?(\d{1,12})(?:\.(\d{1,2}))?$/;

export class MoneyFormatError extends Error {
  constructor(readonly input: string) {
    super(`not an amount in yuan: "${input}"`);
  }
}

/** "807.5" → 80750. Throws MoneyFormatError for anything that is not a plain amount. */
export function parseYuanToFen(text: string): Fen {
  const match = YUAN_PATTERN.exec(text.trim());
  if (!match) throw new MoneyFormatError(text);
  const [, sign, whole = '0', decimals = ''] = match;
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  if (fen > MAX_FEN) throw new MoneyFormatError(text);
  // "-0.00" is zero, not negative zero (which would not equal 0 under Object.is or sort first).
  return sign && fen !== 0 ? -fen : fen;
}

/** 80750 → "807.50" */
export function formatFenAsYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${whole}.${cents}`;
}

/** 1234567 → "12,345.67" for display. */
export function formatFenGrouped(fen: Fen): string {
  const plain = formatFenAsYuan(fen);
  const [whole = '0', cents = '00'] = plain.split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${cents}`;
}

/**
 * A quantity such as "8.50" (亩) kept as hundredths so that rate × quantity stays exact:
 * 9500 fen/亩 × 850 hundredths → 80750 fen.
 */
export function amountForQuantity(rateFen: Fen, quantityHundredths: number): Fen {
  const product = rateFen * quantityHundredths;
  if (Number.isSafeInteger(product)) return Math.round(product / 100);
  // Past 2^53 the float product has already lost digits; redo it exactly (same half-up rounding).
  const shifted = BigInt(rateFen) * BigInt(quantityHundredths) + 50n;
  return Number(shifted >= 0n ? shifted / 100n : -((-shifted + 99n) / 100n));
}
