/**
 * The server process: configuration, database connection, schema, what the caller prepares (`npm start`: the
 * curated dataset when the database is empty, see scripts/serve.ts), then HTTP. Shuts down cleanly on SIGINT/SIGTERM: stops accepting, finishes in-flight requests, closes
 * the driver.
 */
import pino, { type Logger } from "pino";
import { createApp } from "./app.ts";
import { Importer } from "./features/import/service.ts";
import { loadConfig } from "./core/config.ts";
import { applySchema, connect } from "./core/connection.ts";
import type { Database } from "./core/db.ts";

export interface MainOptions {
  /** Runs once the schema is applied, before serving: `npm start` loads the curated dataset into an empty
   * database here (scripts/serve.ts with seed/on-start.ts). */
  prepare?: (db: Database, logger: Logger) => Promise<void>;
}

export async function main(options: MainOptions = {}): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL, redact: ["req.headers.authorization", "req.headers.cookie"] });
  const db = await connect(config, { startLocal: true });
  await db.driver.verifyConnectivity({ database: config.NEO4J_DATABASE });
  await applySchema(db);
  await options.prepare?.(db, logger);
  const leftovers = await new Importer(db).discardStaged(null);
  if (leftovers) logger.warn({ nodes: leftovers }, "removed the staged nodes of an import that did not finish");
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
