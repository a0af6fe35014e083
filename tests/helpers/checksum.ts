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

/**
 * A checksum of the data itself, independent of internal element ids: every actor, partnership, country and issue
 * with its labels and properties, and every relationship by its endpoints' ids. Change records and the datasets'
 * bookkeeping (load times, data versions) are left out, so an edit followed by its revert gives the same value.
 */
export async function dataChecksum(db: Database): Promise<string> {
  const session = db.driver.session({ database: db.database });
  try {
    const nodes = await session.run(
      "MATCH (n) WHERE NOT n:Change AND NOT n:Dataset RETURN labels(n) AS labels, properties(n) AS props",
    );
    const rels = await session.run(
      `MATCH (a)-[r]->(b) WHERE NOT a:Change AND NOT b:Change
       RETURN type(r) AS type, coalesce(a.id, a.name) AS a, coalesce(b.id, b.name) AS b, properties(r) AS props`,
    );
    const canonical = (v: unknown): string =>
      JSON.stringify(v, (_k, x: unknown) =>
        typeof x === "bigint"
          ? String(x)
          : x && typeof x === "object" && !Array.isArray(x)
            ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => p.localeCompare(q)))
            : x,
      );
    const lines = [
      ...nodes.records.map((r) =>
        canonical({ labels: [...(r.get("labels") as string[])].sort(), props: r.get("props") }),
      ),
      ...rels.records.map((r) => canonical(r.toObject())),
    ].sort();
    return createHash("sha256").update(lines.join("\n")).digest("hex");
  } finally {
    await session.close();
  }
}
