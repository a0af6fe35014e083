/**
 * npm run seed [-- --reset] [-- --check]: validates the curated dataset in seed/data and loads it.
 * --check validates only and prints the audit of the research rules (seed/audit.ts; --all lists every finding); --reset replaces everything in the database with the dataset.
 */
import { command } from "../scripts/args.ts";

async function main(): Promise<void> {
  const { values } = command("seed", {
    usage: "npm run seed --",
    summary: "Validates the curated dataset in seed/data and loads it (the schema first) into the database.",
    options: {
      check: { type: "boolean", description: "validate the files only; connect to nothing" },
      reset: { type: "boolean", description: "replace everything in the database with the dataset" },
    },
  });
  // Loaded once the command line is read: --help and a refused option answer without loading the database layer.
  const [
    { readDataset },
    { auditDataset, formatAudit, formatReviewQueue, readSecondaryHosts, reviewQueue },
    { DATA_DIR, REVIEW_DIR },
  ] = await Promise.all([import("./dataset.ts"), import("./audit.ts"), import("./paths.ts")]);
  const args = new Set(
    Object.keys(values)
      .filter((k) => values[k] === true)
      .map((k) => `--${k}`),
  );
  const started = performance.now();
  const ds = readDataset(DATA_DIR);
  console.log(
    `seed: ${ds.entities.length} actors and partnerships, ${ds.relationships.length} relationships, ` +
      `${ds.countries.length} countries, ${ds.issues.length} issues: valid`,
  );
  if (args.has("--check")) {
    const limit = args.has("--all") ? Infinity : 20;
    console.log(formatAudit(auditDataset(ds, readSecondaryHosts(DATA_DIR)), limit));
    const queue = reviewQueue(readDataset(DATA_DIR, REVIEW_DIR));
    console.log(formatReviewQueue(queue));
    if (queue.problems.length > 0) process.exitCode = 1;
    return;
  }
  const [{ loadConfig }, { applySchema, connect }, { loadDataset }] = await Promise.all([
    import("../server/core/config.ts"),
    import("../server/core/connection.ts"),
    import("./load.ts"),
  ]);
  const db = await connect(loadConfig(), { startLocal: true });
  try {
    await applySchema(db);
    const result = await loadDataset(db, ds, {
      reset: args.has("--reset"),
      onProgress: (step) => console.log(`seed: ${step}`),
    });
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `seed: loaded ${result.entities} entities and ${result.relationships} relationships ` +
        `(data version ${result.dataVersion}) in ${secs}s`,
    );
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
