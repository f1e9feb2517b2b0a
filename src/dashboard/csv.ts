// CSV downloads. Every cell is quoted; a cell a spreadsheet would run as a formula (starting with
// = + - @, a tab or a carriage return) gets a leading apostrophe, so a client's answer such as
// "=HYPERLINK(...)" stays text when the coach opens the file (OWASP's CSV injection advice).
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  const text = typeof value === "number" ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

/** RFC 4180 lines (CRLF), with a BOM so spreadsheet programs read the file as UTF-8. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
