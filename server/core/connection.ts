/**
 * Where the database is: the server named by NEO4J_URI (any Neo4j 5 / 2025 server, Aura or cluster), or, when it
 * is unset, the project's own local Neo4j (started on demand by `npm start` and `npm run seed`).
 */
import { credentials, instance, start } from "../../db/local.ts";
import type { Config } from "./config.ts";
import { splitStatements, Statements } from "./cypher.ts";
import { Database } from "./db.ts";

export async function connect(config: Config, opts: { startLocal: boolean }): Promise<Database> {
  if (config.NEO4J_URI) {
    if (!config.NEO4J_PASSWORD) throw new Error("config: NEO4J_PASSWORD must be set when NEO4J_URI is set");
    return Database.fromConfig(config, {
      uri: config.NEO4J_URI,
      username: config.NEO4J_USERNAME,
      password: config.NEO4J_PASSWORD,
    });
  }
  const local = instance("main");
  const creds = opts.startLocal ? await start(local) : credentials(local);
  return Database.fromConfig(config, creds);
}

/**
 * Whether the connection may write (a node created and deleted in a transaction that is rolled back, so nothing is
 * ever written): null when it may, else why not (a read-only user or database).
 */
export async function readOnlyReason(db: Database): Promise<string | null> {
  const session = db.driver.session({ database: db.database });
  const tx = session.beginTransaction();
  try {
    await tx.run(db.statements.get("meta/write-probe").text);
    return null;
  } catch (e) {
    const code = String((e as { code?: string }).code ?? "");
    if (/Forbidden|ReadOnly|AccessMode|NotALeader/i.test(code))
      return `the Neo4j connection cannot write (${code}: ${(e as Error).message.split("\n")[0]})`;
    throw e;
  } finally {
    await tx.rollback().catch(() => undefined);
    await session.close();
  }
}

/** Applies cypher/schema.cypher; every statement is IF NOT EXISTS, so this is safe at every start. */
export async function applySchema(db: Database, statements: Statements = db.statements): Promise<void> {
  await db.runSchema(splitStatements(statements.get("schema").text));
}
