import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DatasetError, mergeRelationships, readDataset } from "../../seed/dataset.ts";
import { DATA_DIR } from "../../seed/paths.ts";

const DATA = DATA_DIR;
const ACTOR_HEADER =
  "id,name,acronym,aliases,sector,roles,country,founded,website,description,issues,operates_in,sources,retrieved";
const REL_HEADER = "type,source,target,role,since,until,amount,currency,sources,retrieved";

/** A small dataset folder with the real countries and issues and the given module files. */
function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "atlas-ds-"));
  for (const f of ["countries.csv", "issues.csv", "dataset.json"]) copyFileSync(path.join(DATA, f), path.join(dir, f));
  mkdirSync(path.join(dir, "m"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, "m", name), text);
  return dir;
}

const problemsOf = (dir: string): string[] => {
  try {
    readDataset(dir);
  } catch (e) {
    if (e instanceof DatasetError) return e.problems;
    throw e;
  }
  return [];
};

const actor = (id: string, extra: Partial<Record<string, string>> = {}) => {
  const row = {
    id,
    name: id,
    sector: "NGO",
    country: "FRA",
    sources: "https://example.org/a",
    retrieved: "2026-11-24",
    ...extra,
  };
  return ACTOR_HEADER.split(",")
    .map((c) => row[c as keyof typeof row] ?? "")
    .join(",");
};

describe("dataset validation", () => {
  it("accepts a well-formed module and merges duplicate relationships", () => {
    const dir = fixture({
      "actors.csv": [ACTOR_HEADER, actor("a"), actor("b", { sector: "Funder", roles: "Organization|Funder" })].join(
        "\n",
      ),
      "relationships.csv": [
        REL_HEADER,
        "FUNDS,b,a,,2015,2017,,,https://example.org/1,2026-11-24",
        "FUNDS,b,a,,2012,2016,,,https://example.org/2,2026-11-24",
      ].join("\n"),
    });
    const ds = readDataset(dir);
    expect(ds.entities.map((e) => e.id)).toEqual(["a", "b"]);
    expect(ds.relationships).toHaveLength(1);
    expect(ds.relationships[0]).toMatchObject({
      since: 2012,
      until: 2017,
      sources: ["https://example.org/1", "https://example.org/2"],
    });
  });

  it("reports each problem with file, line and field, and loads nothing", () => {
    const dir = fixture({
      "actors.csv": [
        ACTOR_HEADER,
        actor("a"),
        actor("a"),
        actor("Bad Id"),
        actor("c", { sector: "Pirates" }),
        actor("d", { country: "XXX" }),
        actor("e", { sources: "" }),
        actor("f", { sources: "ftp://example.org/x" }),
        actor("g", { founded: "20x5" }),
      ].join("\n"),
      "relationships.csv": [
        REL_HEADER,
        "MEMBER_OF,a,nobody,,,,,,https://example.org/1,2026-11-24",
        "FRIENDS,a,c,,,,,,https://example.org/1,2026-11-24",
        "MEMBER_OF,a,c,,,,,,https://example.org/1,2026-11-24",
        "FUNDS,a,c,,2019,2010,,,https://example.org/1,2026-11-24",
        "PARTNERS_WITH,a,c,,,,12,USD,https://example.org/1,2026-11-24",
      ].join("\n"),
    });
    const problems = problemsOf(dir);
    const expected = [
      /m\/actors\.csv:3: field 'id': duplicate id 'a', first defined at .*m\/actors\.csv:2/,
      /m\/actors\.csv:4: field 'id': 'Bad Id' must be a lowercase slug/,
      /m\/actors\.csv:5: field 'sector': 'Pirates' is not one of/,
      /m\/actors\.csv:6: field 'country': 'XXX' is not an ISO 3166-1 alpha-3 country code/,
      /m\/actors\.csv:7: field 'sources': needs at least one URL/,
      /m\/actors\.csv:8: field 'sources': 'ftp:\/\/example\.org\/x' is not an http\(s\) URL/,
      /m\/actors\.csv:9: field 'founded': '20x5' is not a year/,
      /m\/relationships\.csv:2: field 'target': unknown id 'nobody'/,
      /m\/relationships\.csv:3: field 'type': 'FRIENDS' is not one of/,
      /m\/relationships\.csv:4: field 'target': MEMBER_OF can point to an Actor only when it is an IGO/,
      /m\/relationships\.csv:5: field 'until': 2010 is before since 2019/,
      /m\/relationships\.csv:6: field 'amount': only FUNDS relationships carry an amount/,
    ];
    for (const re of expected)
      expect(
        problems.some((p) => re.test(p)),
        `expected a problem matching ${re}\n${problems.join("\n")}`,
      ).toBe(true);
  });

  it("names a missing required column", () => {
    const dir = fixture({ "actors.csv": "id,name\nx,X\n" });
    expect(problemsOf(dir).some((p) => /m\/actors\.csv:1: missing required column 'sources'/.test(p))).toBe(true);
  });

  it("keeps a relationship open when either row leaves its end open", () => {
    const base = {
      type: "FUNDS" as const,
      source: "a",
      target: "b",
      role: null,
      amount: null,
      currency: null,
      sourceTitles: [],
      secondary: null,
      retrieved: "2026-11-24",
      at: "",
    };
    const merged = mergeRelationships(
      { ...base, since: 2010, until: 2012, sources: ["https://x.org/1"] },
      { ...base, since: null, until: null, sources: ["https://x.org/2"] },
    );
    expect(merged).toMatchObject({ since: 2010, until: null });
  });
});
