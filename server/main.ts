/**
 * The server process: configuration, database connection, the schema (on the project's own Neo4j, or on an external
 * one with ATLAS_AUTO_SEED=on), what the caller prepares (`npm start`: the curated dataset when the database is
 * empty, see scripts/serve.ts and seed/on-start.ts), read-only service when the connection cannot write, then HTTP
 * (a busy port stops the start with a one-line error). Shuts down cleanly on SIGINT/SIGTERM: stops accepting,
 * finishes in-flight requests, closes the driver. Running this file directly serves the database as it is.
 */
import net from "node:net";
import pino, { type Logger } from "pino";
import { createApp } from "./app.ts";
import { Importer, LEASE_RENEW_MS } from "./features/import/service.ts";
import { loadConfig } from "./core/config.ts";
import { applySchema, connect, readOnlyReason } from "./core/connection.ts";
import type { Database } from "./core/db.ts";

export interface MainOptions {
  /**
   * Runs once the schema is applied, before serving, when start-up writes are allowed (a writable connection to the
   * project's own Neo4j, or ATLAS_AUTO_SEED=on): `npm start` loads the curated dataset into an empty database here
   * unless ATLAS_AUTO_SEED=off (scripts/serve.ts with seed/on-start.ts).
   */
  prepare?: (db: Database, logger: Logger, options: { load: boolean }) => Promise<void>;
}

/** The one line a busy port (or another listen error) stops the start with. */
function listenError(config: { HOST: string; PORT: number }, err: Error): string {
  return (err as NodeJS.ErrnoException).code === "EADDRINUSE"
    ? `error: ${config.HOST}:${config.PORT} is already in use (another server runs there; set PORT to another port)`
    : `error: cannot serve on ${config.HOST}:${config.PORT}: ${err.message}`;
}

/** Whether the port can be listened on, checked before the database is started (which can take a minute). */
function portError(config: { HOST: string; PORT: number }): Promise<Error | null> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (err) => resolve(err));
    probe.listen(config.PORT, config.HOST, () => probe.close(() => resolve(null)));
  });
}

export async function main(options: MainOptions = {}): Promise<void> {
  const config = loadConfig();
  const busy = config.PORT === 0 ? null : await portError(config);
  if (busy) {
    console.error(listenError(config, busy));
    process.exit(1);
  }
  const logger = pino({ level: config.LOG_LEVEL, redact: ["req.headers.authorization", "req.headers.cookie"] });
  const local = !config.NEO4J_URI;
  logger.info(local ? "starting the project's local Neo4j…" : `connecting to ${config.NEO4J_URI}…`);
  const db = await connect(config, { startLocal: true });
  await db.driver.verifyConnectivity({ database: config.NEO4J_DATABASE });
  const readOnly = await readOnlyReason(db);
  // Writes on start are explicit: the project's own Neo4j gets the schema (and, unless ATLAS_AUTO_SEED=off, the
  // curated dataset when empty) as a matter of course; an external one only with ATLAS_AUTO_SEED=on (`npm run seed`
  // writes them otherwise).
  const prepare = !readOnly && (local || config.ATLAS_AUTO_SEED === "on");
  if (readOnly) logger.warn(`serving read-only (curation and import are off): ${readOnly}`);
  else if (!prepare)
    logger.info(
      "external Neo4j: its schema and data are left as they are (npm run seed, or ATLAS_AUTO_SEED=on, writes them)",
    );
  if (prepare) {
    await applySchema(db);
    await options.prepare?.(db, logger, { load: config.ATLAS_AUTO_SEED !== "off" });
  }
  // Staged nodes of an import whose server died are removed once its lease has lapsed: at start, then every few
  // seconds (another server's import in progress keeps its lease fresh and is left alone). A read-only connection
  // has nothing to sweep.
  const importer = new Importer(db);
  const sweep = async () => {
    const leftovers = await importer.discardStaged(null);
    if (leftovers) logger.warn({ nodes: leftovers }, "removed the staged nodes of an import that did not finish");
  };
  if (!readOnly) await sweep();
  const sweeper = setInterval(() => void (readOnly ? undefined : sweep().catch(() => undefined)), LEASE_RENEW_MS * 2);
  sweeper.unref();
  db.onQuery = (name, ms) => logger.debug({ cypher: name, ms: Math.round(ms) }, "cypher");

  const app = createApp({ db, config, logger, readOnly, warm: true });
  const where = `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`;
  // Express 5 hands a listen error (a busy port) to this callback instead of throwing it.
  const server = app.listen(config.PORT, config.HOST, (err?: Error) => {
    if (err) {
      console.error(listenError(config, err));
      void db.close().finally(() => process.exit(1));
      return;
    }
    logger.info(`Coalition Atlas is serving on ${where}`);
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
