/** A checksum of everything in the database (nodes, relationships, properties, schema), to prove nothing changed. */
import { createHash } from "node:crypto";
import type { Database } from "../../server/core/db.ts";

export async function databaseChecksum(db: Database): Promise<string> {
  const session = db.driver.session({ database: db.database });
  try {
    const nodes = await session.run(
      "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props ORDER BY id",
    );
    const rels = await session.run(
      "MATCH (a)-[r]->(b) RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS a, elementId(b) AS b, properties(r) AS props ORDER BY id",
    );
    const schema = await session.run("SHOW INDEXES YIELD name, type, labelsOrTypes, properties RETURN * ORDER BY name");
    const users = db.driver.session({ database: "system" });
    const userRows = await users.run("SHOW USERS YIELD user RETURN user ORDER BY user").finally(() => users.close());
    const hash = createHash("sha256");
    for (const result of [nodes, rels, schema, userRows]) {
      for (const r of result.records)
        hash.update(JSON.stringify(r.toObject(), (_k, v) => (typeof v === "bigint" ? String(v) : v)));
      hash.update("|");
    }
    return hash.digest("hex");
  } finally {
    await session.close();
  }
}
