/**
 * The server process: configuration, database connection, schema, the curated dataset when the database is
 * empty, then HTTP. Shuts down cleanly on SIGINT/SIGTERM: stops accepting, finishes in-flight requests, closes
 * the driver.
 */
import pino from "pino";
import { datasetMeta, readDataset } from "../seed/dataset.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { CURATED, loadDataset } from "../seed/load.ts";
import { createApp } from "./app.ts";
import { Importer, LEASE_RENEW_MS } from "./features/import/service.ts";
import { loadConfig } from "./core/config.ts";
import { applySchema, connect } from "./core/connection.ts";

export async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL, redact: ["req.headers.authorization", "req.headers.cookie"] });
  const db = await connect(config, { startLocal: true });
  await db.driver.verifyConnectivity({ database: config.NEO4J_DATABASE });
  await applySchema(db);
  const [{ entities } = { entities: 0 }] = await db.readRows<{ entities: number }>("seed/counts", {
    dataset: "curated",
  });
  // ATLAS_AUTO_SEED=off leaves an empty database (or one holding only other datasets) as it is.
  if (entities === 0 && process.env.ATLAS_AUTO_SEED !== "off") {
    logger.info("database has no curated data: loading seed/data");
    const result = await loadDataset(db, readDataset(DATA_DIR));
    logger.info(result, "curated dataset loaded");
  } else if (entities > 0) {
    // A newer curated dataset in seed/data is not loaded over the database's (which may hold edits): say so.
    const loaded = (await db.readRows<{ id: string; version: string }>("meta/datasets")).find((d) => d.id === CURATED);
    const files = datasetMeta(DATA_DIR).version;
    if (loaded && loaded.version !== files) {
      logger.warn(
        `the database holds curated dataset ${loaded.version}, seed/data holds ${files}: npm run seed loads the files`,
      );
    }
  }
  // Staged nodes of an import whose server died are removed once its lease has lapsed: at start, then every few
  // seconds (another server's import in progress keeps its lease fresh and is left alone).
  const importer = new Importer(db);
  const sweep = async () => {
    const leftovers = await importer.discardStaged(null);
    if (leftovers) logger.warn({ nodes: leftovers }, "removed the staged nodes of an import that did not finish");
  };
  await sweep();
  const sweeper = setInterval(() => void sweep().catch(() => undefined), LEASE_RENEW_MS * 2);
  sweeper.unref();
  db.onQuery = (name, ms) => logger.debug({ cypher: name, ms: Math.round(ms) }, "cypher");

  const app = createApp({ db, config, logger });
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info(
      `Coalition Atlas is serving on http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`,
    );
  });
  server.requestTimeout = 120_000;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(sweeper);
    logger.info({ signal }, "shutting down");
    server.close(() => {
      void db.close().then(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))) {
  main().catch((e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
