/**
 * Tables as CSV files (RFC 4180: every cell quoted, quotes doubled, CRLF line ends) downloaded from the browser.
 * A cell a spreadsheet would run as a formula gets a leading apostrophe, as the API's CSV exports do.
 */
import { safeCell } from "../../shared/csv-cell.ts";

export type CsvTable = { headers: string[]; rows: unknown[][] };

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : Array.isArray(v) ? v.join(" | ") : String(safeCell(v));
  return `"${s.replace(/"/g, '""')}"`;
};

export const toCsv = (t: CsvTable): string => [t.headers, ...t.rows].map((r) => r.map(cell).join(",")).join("\r\n");

/** Saves a table as `<name>.csv` (with a byte-order mark, so spreadsheets read UTF-8). */
export function downloadCsv(name: string, t: CsvTable): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", toCsv(t)], { type: "text/csv;charset=utf-8" }));
  const a = Object.assign(document.createElement("a"), { href: url, download: `${name}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
