/**
 * The CSV the offline importer reads (seed/synthetic-import.ts): read back with csv-parse, every record gives the
 * fields written, whatever they hold.
 */
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvRecord } from "../../seed/synthetic-import.ts";

describe("the importer's CSV records", () => {
  const rows: unknown[][] = [
    ["syn-a1", "Synthetic NGO 1", 2007, 1.5, null, undefined, ""],
    ['A "quoted" name', "comma, inside", "two\nlines", "carriage\r\nreturn", 'ends with quote"'],
    ["list\u001fof\u001fitems", "Ünïcödé — ‘curly’", " spaced ", "", '"'],
  ];
  it("read back as written, null and undefined as empty", () => {
    const text = rows.map(csvRecord).join("");
    const back = parse(text, { relax_column_count: true }) as string[][];
    expect(back).toEqual(rows.map((r) => r.map((v) => (v === null || v === undefined ? "" : String(v)))));
  });
  it("quote only the fields that need it, one record per line", () => {
    expect(csvRecord(["a", 1, null, "b c"])).toBe("a,1,,b c\n");
    expect(csvRecord(['x"y', "p,q"])).toBe('"x""y","p,q"\n');
    expect(csvRecord(["one\ntwo"])).toBe('"one\ntwo"\n');
  });
});
