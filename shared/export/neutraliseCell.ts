/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell whose text starts with one of these
 * is run as a formula by Excel / WPS / LibreOffice when the file is opened. Tab and CR are on the
 * list because some programs strip them and then see the character after.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * Makes a text cell inert by prefixing a single quote, which spreadsheets show as text and do not
 * evaluate. Only text is neutralised: amounts and counts are written by the exporter itself as
 * numbers (never from free text), so they stay numbers a county clerk can sum.
 */
export function neutraliseCell(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}
