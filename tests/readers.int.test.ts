/**
 * Exports of the curated dataset, whole and filtered, opened by the tools researchers use: the GEXF 1.3 RelaxNG
 * schema (xmllint), networkx (read_gexf, read_graphml), python-igraph (Read_GraphML) and the Gephi toolkit, each
 * seeing the API's node and edge counts, typed attributes and positions. Text that XML 1.0 does not allow, stored
 * straight in Neo4j, still gives well-formed files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { layoutReady, startServer, type TestServer } from "./helpers/server.ts";
import { gephi, gexfSchemaErrors, pythonReaders } from "./helpers/tools.ts";

let api: TestServer;
let dir: string;
beforeAll(async () => {
  api = await startServer({ RATE_LIMIT_PER_MINUTE: "100000" });
  await layoutReady(api);
  dir = mkdtempSync(path.join(os.tmpdir(), "atlas-readers-"));
});
afterAll(async () => {
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The API's own counts for a selection. */
async function counts(filter: string) {
  const g = (await api.get(`/api/graph?limit=200000${filter}`)).body;
  const kinds = new Set<string>(g.edges.map((e: { attributes: { type: string } }) => e.attributes.type));
  return { nodes: g.nodes.length as number, edges: g.edges.length as number, kinds };
}

async function save(format: "gexf" | "graphml", query: string): Promise<string> {
  const res = await fetch(`${api.url}/api/export?format=${format}${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("x-atlas-positions")).toBe("present");
  const file = path.join(dir, `${format}-${Math.random().toString(36).slice(2)}.${format}`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

describe.each([
  { name: "the whole network", filter: "" },
  { name: "a filtered part (NGOs)", filter: "&sector=NGO" },
])("exports of $name open in the researchers' tools", ({ filter }) => {
  it("GEXF: valid against the GEXF 1.3 RelaxNG schema, read by networkx with colours and positions", async () => {
    const want = await counts(filter);
    const file = await save("gexf", `${filter}&include=pagerank`);
    expect(gexfSchemaErrors(file)).toBe("");
    const seen = pythonReaders("gexf", file).read_gexf;
    expect(seen.nodes).toBe(want.nodes);
    expect(seen.edges).toBe(want.edges);
    expect(seen.positioned).toBe(want.nodes);
    expect(seen.colored).toBe(want.nodes);
    expect(seen.nodeTypes).toMatchObject({ degree: "int", pagerank: "float", label: "str" });
  });

  it("GEXF: Gephi loads every relationship as its own edge with its type, typed attributes and positions", async () => {
    const want = await counts(filter);
    const seen = gephi(await save("gexf", `${filter}&include=pagerank`));
    expect(seen.nodes).toBe(want.nodes);
    expect(seen.edges).toBe(want.edges);
    expect(new Set(seen.edgeKinds)).toEqual(want.kinds);
    expect(seen.positioned).toBe(want.nodes);
    expect(seen.nodeColumns).toMatchObject({ degree: "Integer", pagerank: "Double", sector: "String" });
    expect(seen.edgeColumns).toMatchObject({ type: "String", sources: "String" });
    expect(seen.issues.filter((i) => /^(SEVERE|CRITICAL|WARNING)/.test(i))).toEqual([]);
  });

  it("GraphML: networkx and python-igraph read the same counts, attributes and positions", async () => {
    const want = await counts(filter);
    const seen = pythonReaders("graphml", await save("graphml", filter));
    expect(seen.read_graphml).toMatchObject({ nodes: want.nodes, edges: want.edges, positioned: want.nodes });
    expect(seen.read_graphml.nodeTypes).toMatchObject({ degree: "int", x: "float", label: "str" });
    expect(seen.igraph).toMatchObject({ nodes: want.nodes, edges: want.edges, positioned: want.nodes });
    expect(seen.igraph.vertexAttributes).toEqual(expect.arrayContaining(["label", "sector", "sources", "x", "y"]));
    expect(seen.igraph.edgeAttributes).toEqual(expect.arrayContaining(["type", "sources"]));
  });
});

describe("text XML 1.0 does not allow", () => {
  it("is replaced, so GEXF and GraphML stay well-formed and readable whatever is stored", async () => {
    const creds = inject("neo4j");
    const driver = neo4j.driver(creds.uri, neo4j.auth.basic(creds.username, creds.password));
    const id = (await api.get("/api/graph?limit=1&sector=NGO")).body.nodes[0].key as string;
    const bad = "bad\u0000nul \u0001soh \u000bvt \uffff noncharacter \ud800 lone surrogate & <tag>";
    const session = driver.session();
    try {
      const before = await session.run("MATCH (n:Entity {id: $id}) RETURN n.description AS d", { id });
      await session.run("MATCH (n:Entity {id: $id}) SET n.description = $bad", { id, bad });
      try {
        for (const format of ["gexf", "graphml"] as const) {
          const file = await save(format, "&sector=NGO");
          const text = readFileSync(file, "utf8");
          expect(text).toContain("bad\ufffdnul \ufffdsoh");
          const notXml = [...text].filter((c) => {
            const code = c.codePointAt(0)!;
            return (code < 0x20 && c !== "\t" && c !== "\n" && c !== "\r") || code === 0xfffe || code === 0xffff;
          });
          expect(notXml).toEqual([]);
          const seen = pythonReaders(format, file);
          expect(seen.read_gexf?.nodes ?? seen.read_graphml.nodes).toBeGreaterThan(0);
          if (format === "gexf") expect(gexfSchemaErrors(file)).toBe("");
          else expect(seen.igraph.nodes).toBe(seen.read_graphml.nodes);
        }
      } finally {
        await session.run("MATCH (n:Entity {id: $id}) SET n.description = $d", {
          id,
          d: before.records[0]?.get("d") ?? null,
        });
      }
    } finally {
      await session.close();
      await driver.close();
    }
  });
});
