/**
 * Bulk load of a generated network into an empty local Neo4j with Neo4j's offline importer: the dataset written as
 * the importer's CSV files (nodes with their labels, ties with their types, the facet links, the dataset record with
 * its data version and a fresh version token), imported into the stopped instance, which is then started and given
 * the schema (constraints, indexes, awaited). Many times faster than Cypher writes; the Cypher loader (bulk.ts)
 * stays for loads into a database that already holds data.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { type Credentials, importOffline, type LocalInstance, start, stop } from "../db/local.ts";
import { loadConfig } from "../server/core/config.ts";
import { applySchema } from "../server/core/connection.ts";
import { Database } from "../server/core/db.ts";
import type { Dataset } from "./dataset.ts";

/** Separates the items of a list property (absent from generated and curated values). */
const ARRAY = "\u001f";
const ROWS_PER_WRITE = 20_000;

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV record as the importer reads it (RFC 4180: a field with a quote, comma or line break is quoted, its
 * quotes doubled; null and undefined are empty). Written here rather than with csv-stringify, which took 7.5 s
 * for the million ties of the synthetic network where this takes under 2 s; tests/unit/importer-csv.test.ts reads
 * what it writes back with csv-parse.
 */
export function csvRecord(values: readonly unknown[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const s = v === null || v === undefined ? "" : String(v);
    if (i > 0) line += ",";
    line += NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  }
  return `${line}\n`;
}

/** A line break before a record's own final one. */
const LINE_BREAK = /[\r\n]./;

/** Writes rows to a CSV file in chunks (a million rows never sit in one string); answers whether a field held a
 * line break (the importer is then told that fields may span lines, which slows it down, so only then). */
async function writeCsv(file: string, header: string[], rows: Iterable<unknown[]>): Promise<boolean> {
  let multiline = false;
  const out = createWriteStream(file);
  out.write(csvRecord(header));
  let chunk = "";
  let count = 0;
  const flush = async () => {
    if (!out.write(chunk)) await once(out, "drain");
    chunk = "";
    count = 0;
  };
  for (const row of rows) {
    const record = csvRecord(row);
    if (!multiline && LINE_BREAK.test(record)) multiline = true;
    chunk += record;
    if (++count >= ROWS_PER_WRITE) await flush();
  }
  await flush();
  out.end();
  await once(out, "finish");
  return multiline;
}

const list = (xs: readonly string[] | null | undefined) => (xs ?? []).join(ARRAY);
const orEmpty = (v: unknown) => (v === null || v === undefined ? "" : v);

export interface OfflineLoad {
  creds: Credentials;
  dataVersion: number;
  /** Seconds writing the files (the instance stops meanwhile), importing, starting, and creating the schema. */
  filesS: number;
  importS: number;
  startS: number;
  schemaS: number;
}

/** Replaces the instance's database with the dataset (stops it, imports, starts it, applies the schema). */
export async function importDataset(inst: LocalInstance, ds: Dataset, dataset: string): Promise<OfflineLoad> {
  const t0 = performance.now();
  // The instance stops while the files are written (its shutdown takes seconds of its own).
  const stopping = stop(inst);
  stopping.catch(() => undefined);
  const dir = path.join(inst.home, "import-files");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const f = (name: string) => path.join(dir, name);
  let multiline = false;
  const write = async (name: string, header: string[], rows: Iterable<unknown[]>) => {
    multiline = (await writeCsv(f(name), header, rows)) || multiline;
  };
  const regionOf = new Map(ds.countries.map((c) => [c.id, c]));
  await write(
    "countries.csv",
    ["id:ID(Country)", "name", "ccn3", "region", "subregion", "lat:double", "lng:double", ":LABEL"],
    ds.countries.map((c) => [c.id, c.name, c.ccn3, c.region, c.subregion, c.lat, c.lng, "Country"]),
  );
  await write(
    "issues.csv",
    ["id:ID(Issue)", "name", "description", ":LABEL"],
    ds.issues.map((i) => [i.id, i.name, orEmpty(i.description), "Issue"]),
  );
  await write(
    "entities.csv",
    [
      "id:ID(Entity)",
      "name",
      "acronym",
      "aliases:string[]",
      "aliasText",
      "sector",
      "kind",
      "country",
      "region",
      "subregion",
      "founded:int",
      "website",
      "description",
      "issues:string[]",
      "operatesIn:string[]",
      "sources:string[]",
      "retrieved",
      "dataset",
      ":LABEL",
    ],
    (function* () {
      for (const e of ds.entities) {
        const place = e.country ? regionOf.get(e.country) : undefined;
        const labels = ["Entity", e.kind, ...e.roles].join(ARRAY);
        yield [
          e.id,
          e.name,
          orEmpty(e.acronym),
          list(e.aliases),
          e.aliases.join(" | "),
          orEmpty(e.sector),
          orEmpty(e.partnershipKind),
          orEmpty(e.country),
          orEmpty(place?.region),
          orEmpty(place?.subregion),
          orEmpty(e.founded),
          orEmpty(e.website),
          orEmpty(e.description),
          list(e.issues),
          list(e.operatesIn),
          list(e.sources),
          orEmpty(e.retrieved),
          dataset,
          labels,
        ];
      }
    })(),
  );
  const dataVersion = 1;
  await write(
    "dataset.csv",
    ["id:ID(Dataset)", "name", "version", "dataVersion:long", "versionToken", "loadedAt:datetime", ":LABEL"],
    [[dataset, ds.name, ds.version, dataVersion, randomUUID(), new Date().toISOString(), "Dataset"]],
  );
  await write(
    "ties.csv",
    [
      ":START_ID(Entity)",
      ":END_ID(Entity)",
      ":TYPE",
      "role",
      "since:int",
      "until:int",
      "amount:double",
      "currency",
      "sources:string[]",
      "retrieved",
      "dataset",
    ],
    (function* () {
      for (const r of ds.relationships) {
        yield [
          r.source,
          r.target,
          r.type,
          orEmpty(r.role),
          orEmpty(r.since),
          orEmpty(r.until),
          orEmpty(r.amount),
          orEmpty(r.currency),
          list(r.sources),
          orEmpty(r.retrieved),
          dataset,
        ];
      }
    })(),
  );
  const facet = ["sources:string[]", "dataset"];
  await write(
    "based-in.csv",
    [":START_ID(Entity)", ":END_ID(Country)", ":TYPE", ...facet],
    (function* () {
      for (const e of ds.entities)
        if (e.country && regionOf.has(e.country)) yield [e.id, e.country, "BASED_IN", list(e.sources), dataset];
    })(),
  );
  await write(
    "operates-in.csv",
    [":START_ID(Entity)", ":END_ID(Country)", ":TYPE", ...facet],
    (function* () {
      for (const e of ds.entities)
        for (const c of new Set(e.operatesIn))
          if (regionOf.has(c)) yield [e.id, c, "OPERATES_IN", list(e.sources), dataset];
    })(),
  );
  const issues = new Set(ds.issues.map((i) => i.id));
  await write(
    "works-on.csv",
    [":START_ID(Entity)", ":END_ID(Issue)", ":TYPE", ...facet],
    (function* () {
      for (const e of ds.entities)
        for (const i of new Set(e.issues)) if (issues.has(i)) yield [e.id, i, "WORKS_ON", list(e.sources), dataset];
    })(),
  );
  await stopping;
  const t1 = performance.now();

  rmSync(path.join(inst.home, "data"), { recursive: true, force: true });
  await importOffline(inst, [
    `--nodes=${f("countries.csv")}`,
    `--nodes=${f("issues.csv")}`,
    `--nodes=${f("entities.csv")}`,
    `--nodes=${f("dataset.csv")}`,
    `--relationships=${f("ties.csv")}`,
    `--relationships=${f("based-in.csv")}`,
    `--relationships=${f("operates-in.csv")}`,
    `--relationships=${f("works-on.csv")}`,
    `--array-delimiter=${ARRAY}`,
    "--ignore-empty-strings=true",
    `--multiline-fields=${multiline}`,
    "--threads=2",
    `--report-file=${f("import.report")}`,
  ]);
  rmSync(dir, { recursive: true, force: true });
  const t2 = performance.now();

  const creds = await start(inst);
  const t3 = performance.now();
  const db = Database.fromConfig(loadConfig({}), creds);
  try {
    await applySchema(db);
  } finally {
    await db.close();
  }
  const t4 = performance.now();
  return {
    creds,
    dataVersion,
    filesS: (t1 - t0) / 1000,
    importS: (t2 - t1) / 1000,
    startS: (t3 - t2) / 1000,
    schemaS: (t4 - t3) / 1000,
  };
}
