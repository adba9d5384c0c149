/**
 * XLSX cell values as the text a CSV would have held. Numbers of 15 or more digits are written
 * in exponent form on purpose: Excel has already rounded an ID number typed into a number cell,
 * and the row must be refused ("turned into a number by Excel"), not read with wrong digits.
 */
const LARGEST_EXACT_CELL_NUMBER = 1e15;

function numberToText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= LARGEST_EXACT_CELL_NUMBER) return n.toExponential().toUpperCase();
  if (Number.isInteger(n)) return String(n);
  // 807.5 stored as 807.4999999999999 by a sum in the sheet is still 807.50 yuan.
  const cents = Math.round(n * 100);
  return Math.abs(n * 100 - cents) < 1e-6 ? (cents / 100).toFixed(2) : String(n);
}

function dateToText(date: Date): string {
  // Excel dates carry no zone: exceljs builds them as UTC midnight.
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

export function cellToText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberToText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateToText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text?: unknown }>; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((part) => String(part.text ?? '')).join('');
    if ('result' in v) return cellToText(v.result);
    if ('text' in v) return cellToText(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}
