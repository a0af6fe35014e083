/**
 * npm run import -- [options] FILE…
 * Imports a network into the database as a named dataset, with the same checks and guarantees as POST /api/import
 * (nothing is written unless every row passes; one transaction; the same files twice give the same graph).
 *
 *   --dataset NAME        dataset id (default: the first file's name as a slug)
 *   --title TEXT          readable dataset name
 *   --format F            csv | graphml | gexf | json (default: from the file extension)
 *   --nodes F --edges F   the two CSV files (or give them in that order as FILE…)
 *   --map nodes.id=Org    column mapping, repeatable or comma-separated (nodes.FIELD=COLUMN, edges.FIELD=COLUMN)
 *   --source URL          source URL for rows without one
 *   --sector S            sector for actors when the file has none (default Other)
 *   --type T              relationship type when the file has none (default PARTNERS_WITH)
 *   --fresh-ids           give every node a new id (<dataset>-<id>): brings back a network exported from here
 *   --dry-run             check and print the preview, write nothing
 *   --delete              delete the dataset named by --dataset instead of importing
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ImportFormat, Mapping } from "../server/features/import/parse.ts";
import type { ImportRequest } from "../server/features/import/service.ts";
import { command } from "./args.ts";

// Loaded once the command line is read: --help and a refused option answer without loading the database layer.
const load = () =>
  Promise.all([
    import("../server/core/config.ts"),
    import("../server/core/connection.ts"),
    import("../server/features/import/parse.ts"),
    import("../server/features/import/service.ts"),
    import("../seed/dataset.ts"),
    import("../seed/load.ts"),
    import("../seed/paths.ts"),
  ]);

function fail(message: string): never {
  console.error(`import: ${message}`);
  process.exit(1);
}

function mappingOf(
  specs: string[],
  { NODE_FIELDS, EDGE_FIELDS }: { NODE_FIELDS: readonly string[]; EDGE_FIELDS: readonly string[] },
): Mapping {
  const mapping: Required<Mapping> = { nodes: {}, edges: {} };
  for (const spec of specs.flatMap((s) => s.split(","))) {
    const m = /^(nodes|edges)\.([a-z_]+)=(.+)$/.exec(spec.trim());
    if (!m) fail(`--map '${spec}': expected nodes.FIELD=COLUMN or edges.FIELD=COLUMN`);
    const [, side, field, column] = m;
    const fields: readonly string[] = side === "nodes" ? NODE_FIELDS : EDGE_FIELDS;
    if (!fields.includes(field!)) fail(`--map '${spec}': '${field}' is not one of ${fields.join(", ")}`);
    (mapping[side as "nodes" | "edges"] as Record<string, string>)[field!] = column!;
  }
  return mapping;
}

async function main(): Promise<void> {
  const { values: v, positionals } = command("import", {
    usage: "npm run import --",
    summary: "Imports a network (CSV nodes + edges, GraphML, GEXF or graphology JSON) as a named dataset.",
    positionals: "FILE…: the file(s) to import (CSV: nodes then edges)",
    options: {
      dataset: { type: "string", value: "NAME", description: "dataset id (default: the first file's name)" },
      title: { type: "string", value: "TEXT", description: "readable dataset name" },
      format: { type: "string", value: "F", description: "csv | graphml | gexf | json (default: from the extension)" },
      nodes: { type: "string", value: "FILE", description: "the CSV nodes file" },
      edges: { type: "string", value: "FILE", description: "the CSV edges file" },
      map: {
        type: "string",
        multiple: true,
        default: [],
        value: "nodes.FIELD=COLUMN",
        description: "column mapping (comma-separated or repeated)",
      },
      source: { type: "string", value: "URL", description: "source URL for rows without one" },
      sector: { type: "string", value: "S", description: "sector for actors when the file has none (default Other)" },
      type: { type: "string", value: "T", description: "relationship type when the file has none" },
      "fresh-ids": {
        type: "boolean",
        default: false,
        description: "give every node a new id (<dataset>-<id>): brings back a network exported from here",
      },
      "dry-run": { type: "boolean", default: false, description: "check and print the preview, write nothing" },
      delete: { type: "boolean", default: false, description: "delete the dataset named by --dataset" },
    },
  });
  const values = v as {
    dataset?: string;
    title?: string;
    format?: string;
    nodes?: string;
    edges?: string;
    map: string[];
    source?: string;
    sector?: string;
    type?: string;
    "fresh-ids": boolean;
    "dry-run": boolean;
    delete: boolean;
  };
  const [
    { loadConfig },
    { applySchema, connect },
    parse,
    { Importer },
    { readDataset },
    { loadReference },
    { DATA_DIR },
  ] = await load();
  const { FORMATS, slugId } = parse;
  const who = { user: `cli:${os.userInfo().username}`, role: "admin" as const, expiresAt: null };
  const db = await connect(loadConfig(), { startLocal: true });
  try {
    await applySchema(db);
    const [ref] = await db.readRows<{ countries: unknown[] }>("curation/reference");
    if (!ref || ref.countries.length === 0) await loadReference(db, readDataset(DATA_DIR));
    const importer = new Importer(db);
    if (values.delete) {
      if (!values.dataset) fail("--delete needs --dataset NAME");
      const out = await importer.deleteDataset(who, values.dataset);
      console.log(
        `import: deleted dataset '${out.dataset}' (${out.deleted.entities} nodes, ${out.deleted.relationships} relationships)`,
      );
      return;
    }
    const files = [values.nodes, values.edges, ...positionals].filter((f): f is string => Boolean(f));
    if (files.length === 0)
      fail("name the file(s) to import: npm run import -- nodes.csv edges.csv, or a .graphml/.gexf/.json file");
    const ext = path.extname(files[0]!).slice(1).toLowerCase();
    const format = (values.format ?? (ext === "xml" ? "graphml" : ext)) as ImportFormat;
    if (!(FORMATS as readonly string[]).includes(format))
      fail(`unknown format '${format}': use --format ${FORMATS.join("|")}`);
    const request: ImportRequest = {
      dataset: values.dataset ?? slugId(path.basename(files[0]!, path.extname(files[0]!))),
      title: values.title,
      format,
      files: files.map((f, i) => ({
        name: path.basename(f),
        role: format === "csv" ? (i === 0 ? "nodes" : "edges") : undefined,
        bytes: readFileSync(f),
      })),
      mapping: mappingOf(values.map as string[], parse),
      defaultSource: values.source,
      defaultSector: values.sector,
      defaultType: values.type,
      freshIds: values["fresh-ids"],
    };
    if (values["dry-run"]) {
      const preview = await importer.preview(who, request);
      console.log(JSON.stringify({ ...preview, sample: undefined }, null, 2));
      return;
    }
    let last = 0;
    const out = await importer.commit(who, request, (p) => {
      if (performance.now() - last > 2000) {
        last = performance.now();
        process.stderr.write(`import: ${p.nodes + p.edges}/${p.total} written\n`);
      }
    });
    console.log(
      `import: dataset '${out.dataset}': ${out.nodes} nodes and ${out.edges} relationships in ${out.seconds}s (data version ${out.dataVersion})`,
    );
  } finally {
    await db.close();
  }
}

main().catch(async (e: unknown) => {
  const [{ ImportError }, { ApiError }] = await Promise.all([
    import("../server/features/import/parse.ts"),
    import("../server/core/errors.ts"),
  ]);
  if (e instanceof ImportError) fail(`refused, nothing was written:\n  ${e.problems.join("\n  ")}`);
  if (e instanceof ApiError) fail(e.message);
  fail(e instanceof Error ? e.message : String(e));
});
