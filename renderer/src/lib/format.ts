import { formatFenAsYuan, formatFenGrouped } from '../../../shared/money';

/** Display helpers shared by the screens; money stays integer fen until this point. */
export function yuan(fen: number): string {
  return formatFenGrouped(fen);
}

/** 850 hundredths → "8.50" (a quantity such as 亩 kept exact as hundredths). */
export function quantity(hundredths: number): string {
  const text = formatFenAsYuan(hundredths);
  return text.endsWith('.00') ? text.slice(0, -3) : text;
}
