/**
 * Reads and validates the curated dataset (seed/data, format in seed/FORMAT.md) without touching the database.
 * Every problem is reported with its file, line and field; nothing is loaded while any remains. The records and
 * their row checks are the server's data layer's (server/core/records.ts), shared with curation and imports.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import {
  checkEntity,
  checkRelationships,
  DatasetError,
  nodeIndex,
  type CheckContext,
  type Country,
  type Dataset,
  type Entity,
  type Issue,
  type Raw,
} from "../server/core/records.ts";

export * from "../server/core/records.ts";

/** Parses one CSV file into rows, each with the line it started on. */
function readCsv(file: string, required: string[], problems: string[], rel: string): { row: Raw; line: number }[] {
  const text = readFileSync(file, "utf8");
  let records: { record: Raw; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, bom: true, info: true, trim: true }) as never;
  } catch (e) {
    problems.push(`${rel}: ${(e as Error).message}`);
    return [];
  }
  const header = text
    .split(/\r?\n/, 1)[0]!
    .split(",")
    .map((h) => h.trim().replace(/^\uFEFF/, ""));
  for (const col of required) {
    if (!header.includes(col)) problems.push(`${rel}:1: missing required column '${col}'`);
  }
  return records.map((r) => ({ row: r.record, line: r.info.lines }));
}

const ENTITY_COLUMNS = ["id", "name", "country", "sources", "retrieved"];
const REL_COLUMNS = ["type", "source", "target", "sources", "retrieved"];

/** The dataset's name and version, from its dataset.json. */
export function datasetMeta(dir: string): { name: string; version: string } {
  return JSON.parse(readFileSync(path.join(dir, "dataset.json"), "utf8")) as { name: string; version: string };
}

/**
 * Reads and checks the dataset in `dir`. `alsoModulesIn` adds the modules of another folder (the review queue,
 * seed/review) to the same checks, as if they were part of the dataset: its rows may name the dataset's records.
 */
export function readDataset(dir: string, alsoModulesIn?: string): Dataset {
  const problems: string[] = [];
  const relPath = (f: string) => path.relative(path.dirname(dir), f);

  const meta = datasetMeta(dir);

  const countries: Country[] = readCsv(
    path.join(dir, "countries.csv"),
    ["id", "name", "region"],
    problems,
    "countries.csv",
  ).map(({ row }) => ({
    id: row.id!,
    ccn3: row.ccn3 ?? "",
    name: row.name!,
    region: row.region!,
    subregion: row.subregion || row.region!,
    lat: Number(row.lat),
    lng: Number(row.lng),
  }));
  const countryIds = new Set(countries.map((c) => c.id));
  const issues: Issue[] = readCsv(path.join(dir, "issues.csv"), ["id", "name"], problems, "issues.csv").map(
    ({ row }) => ({
      id: row.id!,
      ccn3: row.ccn3 ?? "",
      name: row.name!,
      description: row.description ?? "",
    }),
  );
  const issueIds = new Set(issues.map((i) => i.id));

  const modulesIn = (root: string) =>
    readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(root, d.name))
      .sort();
  const modules = [...modulesIn(dir), ...(alsoModulesIn && existsSync(alsoModulesIn) ? modulesIn(alsoModulesIn) : [])];

  const ctx: CheckContext = { countryIds, issueIds, seen: new Map() };
  const entities: Entity[] = [];
  for (const mod of modules) {
    for (const kind of ["Actor", "Partnership"] as const) {
      const file = path.join(mod, kind === "Actor" ? "actors.csv" : "partnerships.csv");
      if (!existsSync(file)) continue;
      const required =
        kind === "Actor" ? [...ENTITY_COLUMNS, "sector"] : ENTITY_COLUMNS.filter((c) => c !== "country").concat("kind");
      for (const { row, line } of readCsv(file, required, problems, relPath(file))) {
        entities.push(checkEntity(kind, row, `${relPath(file)}:${line}`, problems, ctx));
      }
    }
  }

  const relRows: { row: Raw; at: string }[] = [];
  for (const mod of modules) {
    const file = path.join(mod, "relationships.csv");
    if (!existsSync(file)) continue;
    for (const { row, line } of readCsv(file, REL_COLUMNS, problems, relPath(file)))
      relRows.push({ row, at: `${relPath(file)}:${line}` });
  }
  const relationships = checkRelationships(relRows, problems, nodeIndex(entities));

  if (problems.length > 0) throw new DatasetError(problems);
  return {
    name: meta.name,
    version: meta.version,
    countries,
    issues,
    entities,
    relationships,
  };
}
