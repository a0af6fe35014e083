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
import { stringify } from "csv-stringify/sync";
import { type Credentials, importOffline, type LocalInstance, start, stop } from "../db/local.ts";
import { loadConfig } from "../server/core/config.ts";
import { applySchema } from "../server/core/connection.ts";
import { Database } from "../server/core/db.ts";
import type { Dataset } from "./dataset.ts";

/** Separates the items of a list property (absent from generated and curated values). */
const ARRAY = "\u001f";
const ROWS_PER_WRITE = 20_000;

/** Writes rows to a CSV file in chunks (a million rows never sit in one string). */
async function writeCsv(file: string, header: string[], rows: Iterable<unknown[]>): Promise<void> {
  const out = createWriteStream(file);
  out.write(stringify([header]));
  let chunk: unknown[][] = [];
  const flush = async () => {
    if (!out.write(stringify(chunk))) await once(out, "drain");
    chunk = [];
  };
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length >= ROWS_PER_WRITE) await flush();
  }
  await flush();
  out.end();
  await once(out, "finish");
}

const list = (xs: readonly string[] | null | undefined) => (xs ?? []).join(ARRAY);
const orEmpty = (v: unknown) => (v === null || v === undefined ? "" : v);

export interface OfflineLoad {
  creds: Credentials;
  dataVersion: number;
  /** Seconds writing the files, importing, and starting with the schema in place. */
  filesS: number;
  importS: number;
  schemaS: number;
}

/** Replaces the instance's database with the dataset (stops it, imports, starts it, applies the schema). */
export async function importDataset(inst: LocalInstance, ds: Dataset, dataset: string): Promise<OfflineLoad> {
  const t0 = performance.now();
  const dir = path.join(inst.home, "import-files");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const f = (name: string) => path.join(dir, name);
  const regionOf = new Map(ds.countries.map((c) => [c.id, c]));
  await writeCsv(
    f("countries.csv"),
    ["id:ID(Country)", "name", "ccn3", "region", "subregion", "lat:double", "lng:double", ":LABEL"],
    ds.countries.map((c) => [c.id, c.name, c.ccn3, c.region, c.subregion, c.lat, c.lng, "Country"]),
  );
  await writeCsv(
    f("issues.csv"),
    ["id:ID(Issue)", "name", "description", ":LABEL"],
    ds.issues.map((i) => [i.id, i.name, orEmpty(i.description), "Issue"]),
  );
  await writeCsv(
    f("entities.csv"),
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
  await writeCsv(
    f("dataset.csv"),
    ["id:ID(Dataset)", "name", "version", "dataVersion:long", "versionToken", "loadedAt:datetime", ":LABEL"],
    [[dataset, ds.name, ds.version, dataVersion, randomUUID(), new Date().toISOString(), "Dataset"]],
  );
  await writeCsv(
    f("ties.csv"),
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
  await writeCsv(
    f("based-in.csv"),
    [":START_ID(Entity)", ":END_ID(Country)", ":TYPE", ...facet],
    (function* () {
      for (const e of ds.entities)
        if (e.country && regionOf.has(e.country)) yield [e.id, e.country, "BASED_IN", list(e.sources), dataset];
    })(),
  );
  await writeCsv(
    f("operates-in.csv"),
    [":START_ID(Entity)", ":END_ID(Country)", ":TYPE", ...facet],
    (function* () {
      for (const e of ds.entities)
        for (const c of new Set(e.operatesIn))
          if (regionOf.has(c)) yield [e.id, c, "OPERATES_IN", list(e.sources), dataset];
    })(),
  );
  const issues = new Set(ds.issues.map((i) => i.id));
  await writeCsv(
    f("works-on.csv"),
    [":START_ID(Entity)", ":END_ID(Issue)", ":TYPE", ...facet],
    (function* () {
      for (const e of ds.entities)
        for (const i of new Set(e.issues)) if (issues.has(i)) yield [e.id, i, "WORKS_ON", list(e.sources), dataset];
    })(),
  );
  const t1 = performance.now();

  await stop(inst);
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
    "--threads=2",
    `--report-file=${f("import.report")}`,
  ]);
  rmSync(dir, { recursive: true, force: true });
  const t2 = performance.now();

  const creds = await start(inst);
  const db = Database.fromConfig(loadConfig({}), creds);
  try {
    await applySchema(db);
  } finally {
    await db.close();
  }
  const t3 = performance.now();
  return {
    creds,
    dataVersion,
    filesS: (t1 - t0) / 1000,
    importS: (t2 - t1) / 1000,
    schemaS: (t3 - t2) / 1000,
  };
}
