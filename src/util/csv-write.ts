/**
 * CSV cells for machine re-import (RFC 4180 quoting only). Files people open in a spreadsheet go through
 * spreadsheetCell instead, which also defuses formulas.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * A cell for a human-facing CSV: a value that a spreadsheet would run as a formula (starting with = + - @,
 * tab, CR, LF or NUL) gets a leading apostrophe, and every cell is quoted (OWASP CSV injection guidance).
 */
export function spreadsheetCell(v: unknown): string {
  if (v === null || v === undefined) return '""';
  let s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r\n\0]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function spreadsheetLine(cells: readonly unknown[]): string {
  return `${cells.map(spreadsheetCell).join(',')}\r\n`;
}
