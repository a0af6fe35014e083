/**
 * Import against the real test Neo4j: the curated dataset survives a round trip through every graph format;
 * previews write nothing; imports are idempotent and deletable as a unit; a corpus of malformed and hostile files
 * is refused with errors that say where, and leaves the database byte-for-byte as it was.
 */
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySchema } from "../server/core/connection.ts";
import { readDataset } from "../seed/dataset.ts";
import { loadDataset } from "../seed/load.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { databaseChecksum, dataChecksum } from "./helpers/checksum.ts";
import { startServer, type TestServer } from "./helpers/server.ts";
import { Importer, type ImportRequest } from "../server/features/import/service.ts";

const EDITOR = "editor-secret-0123456789";
const ADMIN = "admin-secret-0123456789";
const SRC = "https://example.org/study";

let api: TestServer;

beforeAll(async () => {
  api = await startServer({ EDITOR_TOKEN: EDITOR, ADMIN_TOKEN: ADMIN, IMPORT_MAX_BYTES: String(8 * 1024 * 1024) });
});
afterAll(async () => {
  // Leave the curated dataset as the other test files expect it.
  await applySchema(api.db);
  await loadDataset(api.db, readDataset(DATA_DIR), { reset: true });
  await api.close();
});

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString("base64");
type FileSpec = { name: string; role?: "nodes" | "edges"; content: string | Uint8Array };
const importBody = (dataset: string, format: string, files: FileSpec[], extra: Record<string, unknown> = {}) => ({
  dataset,
  format,
  files: files.map((f) => ({ name: f.name, ...(f.role ? { role: f.role } : {}), content: b64(f.content) })),
  ...extra,
});
const post = (body: unknown, token = EDITOR) => api.send("POST", "/api/import", { body, token });

const NODES = [
  "Org,Title,Category,HQ,Source",
  "alpha,Alpha Shelter,ngo,FRA,https://example.org/alpha",
  "beta,Beta Ministry,Government,BEL,https://example.org/beta",
  "gamma,Gamma Fund,Funder,DEU,",
].join("\n");
const EDGES = ["From,To,Kind,Start", "gamma,alpha,funds,2018", "alpha,beta,PARTNERS_WITH,2020"].join("\n");
const MAPPING = {
  nodes: { id: "Org", name: "Title", sector: "Category", country: "HQ", sources: "Source" },
  edges: { source: "From", target: "To", type: "Kind", since: "Start" },
};
const csvFiles: FileSpec[] = [
  { name: "nodes.csv", role: "nodes", content: NODES },
  { name: "edges.csv", role: "edges", content: EDGES },
];

describe("CSV import with a column mapping", () => {
  it("previews what would be imported without writing anything", async () => {
    const before = await databaseChecksum(api.db);
    const res = await post(
      importBody("study-a", "csv", csvFiles, { mapping: MAPPING, defaultSource: SRC, dryRun: true }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      nodes: 3,
      edges: 2,
      bySector: { NGO: 1, Government: 1, Funder: 1 },
    });
    expect(res.body.byType).toEqual({ FUNDS: 1, PARTNERS_WITH: 1 });
    expect(res.body.columns.nodes).toEqual(["Org", "Title", "Category", "HQ", "Source"]);
    expect(await databaseChecksum(api.db)).toBe(before);
  });

  it("imports as a tagged dataset, idempotently, shown and deleted as a unit", async () => {
    const body = importBody("study-a", "csv", csvFiles, { mapping: MAPPING, defaultSource: SRC, title: "Study A" });
    const first = await post(body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ dataset: "study-a", nodes: 3, edges: 2 });
    const afterFirst = await dataChecksum(api.db);
    expect((await post(body)).status).toBe(200);
    expect(await dataChecksum(api.db)).toBe(afterFirst);

    const node = await api.get("/api/nodes/gamma");
    expect(node.body.node).toMatchObject({ dataset: "study-a", sector: "Funder", sources: [SRC] });
    const graph = await api.get("/api/graph?dataset=study-a");
    expect(graph.body.nodes.map((n: { key: string }) => n.key).sort()).toEqual(["alpha", "beta", "gamma"]);
    const datasets = await api.get("/api/datasets");
    expect(datasets.body.datasets.find((d: { id: string }) => d.id === "study-a")).toMatchObject({
      name: "Study A",
      kind: "import",
      entities: 3,
      relationships: 2,
    });
    const history = await api.get("/api/changes?target=study-a");
    expect(history.body.changes[0]).toMatchObject({ action: "import", user: "editor" });

    const del = await api.send("DELETE", "/api/datasets/study-a", { token: EDITOR });
    expect(del.status).toBe(200);
    expect(del.body.deleted).toEqual({ entities: 3, relationships: 2 });
    expect((await api.get("/api/nodes/gamma")).status).toBe(404);
  });

  it("refuses imports without an editor credential, and into the curated dataset without an admin", async () => {
    const body = importBody("study-b", "csv", csvFiles, { mapping: MAPPING, defaultSource: SRC });
    expect((await api.send("POST", "/api/import", { body })).status).toBe(401);
    expect((await post(importBody("curated", "csv", csvFiles, { mapping: MAPPING, defaultSource: SRC }))).status).toBe(
      403,
    );
  });
});

describe("large imports are staged and promoted at once", () => {
  const request = (dataset: string): ImportRequest => ({
    dataset,
    format: "csv",
    files: [
      { name: "nodes.csv", role: "nodes", bytes: Buffer.from(NODES) },
      { name: "edges.csv", role: "edges", bytes: Buffer.from(EDGES) },
    ],
    mapping: MAPPING,
    defaultSource: SRC,
  });
  const who = { user: "test", role: "editor" as const, expiresAt: null };

  it("writes through staging, with the same result as one transaction, and leaves no staged node", async () => {
    const staged = new Importer(api.db, undefined, undefined, 2);
    const out = await staged.commit(who, request("study-staged"));
    expect(out).toMatchObject({ staged: true, nodes: 3, edges: 2 });
    const viaStaging = await dataChecksum(api.db);
    await new Importer(api.db).deleteDataset(who, "study-staged");
    const direct = await new Importer(api.db).commit(who, request("study-staged"));
    expect(direct.staged).toBe(false);
    expect(await dataChecksum(api.db)).toBe(viaStaging);
    const session = api.db.driver.session({ database: api.db.database });
    const left = await session.run("MATCH (n:Staged) RETURN count(n) AS n").finally(() => session.close());
    expect(left.records[0]!.get("n")).toBe(0);
    await new Importer(api.db).deleteDataset(who, "study-staged");
  });

  it("discards what it staged when promotion fails, leaving the database as it was", async () => {
    const before = await databaseChecksum(api.db);
    const raw = async (q: string) => {
      const session = api.db.driver.session({ database: api.db.database });
      await session.run(q).finally(() => session.close());
    };
    let interfered = false;
    const staged = new Importer(api.db, undefined, undefined, 2);
    // Once everything is staged, another writer takes one of the import's ids: the promotion must refuse.
    const attempt = staged.commit(who, request("study-race"), async (p) => {
      if (!interfered && p.edges === 2) {
        interfered = true;
        await raw("CREATE (:Entity:Actor {id: 'gamma', name: 'Taken', dataset: 'elsewhere'})");
      }
    });
    await expect(attempt).rejects.toThrow(/'gamma' already belongs to dataset 'elsewhere'/);
    await raw("MATCH (n:Entity {id: 'gamma', dataset: 'elsewhere'}) DELETE n");
    expect(await databaseChecksum(api.db)).toBe(before);
  });
});

describe("imports that refer to actors of other datasets", () => {
  const STUDY_NODES = ["id,name,sector,sources", `study-ngo-b,Study NGO B,NGO,${SRC}/b`].join("\n");
  const STUDY_EDGES = [
    "source,target,type,sources",
    `study-ngo-b,unodc,PARTNERS_WITH,${SRC}/ties`,
    `iom,unodc,PARTNERS_WITH,${SRC}/ties`,
  ].join("\n");
  const files = (edges = STUDY_EDGES): FileSpec[] => [
    { name: "nodes.csv", role: "nodes", content: STUDY_NODES },
    { name: "edges.csv", role: "edges", content: edges },
  ];
  const relsOf = async (dataset: string) => {
    const session = api.db.driver.session({ database: api.db.database });
    try {
      const res = await session.run(
        "MATCH (a)-[r {dataset: $dataset}]->(b) RETURN a.id AS s, type(r) AS t, b.id AS o ORDER BY s, t, o",
        { dataset },
      );
      return res.records.map((r) => `${r.get("s")} ${r.get("t")} ${r.get("o")}`);
    } finally {
      await session.close();
    }
  };

  it("keeps relationships to curated actors in the importing dataset, and deletes them with it", async () => {
    const curatedBefore = await dataChecksum(api.db);
    const res = await post(importBody("study-ties", "csv", files()));
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body).toMatchObject({ nodes: 1, edges: 2 });
    expect(await relsOf("study-ties")).toEqual(["iom PARTNERS_WITH unodc", "study-ngo-b PARTNERS_WITH unodc"]);
    const unodc = (await api.get("/api/nodes/unodc")).body;
    expect(JSON.stringify(unodc)).toContain("study-ngo-b");
    // Importing again replaces, never doubles, the ties to curated actors.
    expect((await post(importBody("study-ties", "csv", files()))).status).toBe(200);
    expect(await relsOf("study-ties")).toHaveLength(2);
    expect((await api.send("DELETE", "/api/datasets/study-ties", { token: EDITOR })).status).toBe(200);
    expect(await relsOf("study-ties")).toEqual([]);
    // A staged import creates the ties to curated actors when it promotes its nodes.
    const staged = new Importer(api.db, undefined, undefined, 1);
    const who = { user: "test", role: "editor" as const, expiresAt: null };
    const request: ImportRequest = {
      dataset: "study-ties",
      format: "csv",
      files: files().map((f) => ({ name: f.name, role: f.role, bytes: Buffer.from(f.content) })),
    };
    expect(await staged.commit(who, request)).toMatchObject({ staged: true, edges: 2 });
    expect(await relsOf("study-ties")).toEqual(["iom PARTNERS_WITH unodc", "study-ngo-b PARTNERS_WITH unodc"]);
    await staged.deleteDataset(who, "study-ties");
    expect(await dataChecksum(api.db)).toBe(curatedBefore);
  });

  it("refuses a relationship another dataset already holds, and an unknown id, saying where", async () => {
    const held = await post(
      importBody(
        "study-held",
        "csv",
        files(["source,target,type,sources", `iom,md-nrs,PARTNERS_WITH,${SRC}`].join("\n")),
      ),
    );
    expect(held.status).toBe(409);
    expect(held.body.error.message).toMatch(
      /edges\.csv:2: the relationship iom PARTNERS_WITH md-nrs already belongs to dataset 'curated'/,
    );
    const unknown = await post(
      importBody(
        "study-held",
        "csv",
        files(["source,target,type,sources", `study-ngo-b,no-such-actor,PARTNERS_WITH,${SRC}`].join("\n")),
      ),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toMatch(/edges\.csv:2.*field 'target': unknown id 'no-such-actor'/);
    expect((await api.get("/api/datasets")).body.datasets.map((d: { id: string }) => d.id)).not.toContain("study-held");
  });
});

describe("the app's own GEXF export comes back as a new dataset", () => {
  it("is refused under the ids it already has, and imports with fresh ids keeping every node, edge, attribute and source", async () => {
    const gexf = await exportAs("gexf");
    const original = await graphOf("json");
    const clash = await post(importBody("gephi-copy", "gexf", [{ name: "atlas.gexf", content: gexf }]));
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toMatch(/already belongs to dataset 'curated' \(import with freshIds/);

    const res = await post(
      importBody("gephi-copy", "gexf", [{ name: "atlas.gexf", content: gexf }], { freshIds: true }),
    );
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const copy = await api.get("/api/export?format=json&dataset=gephi-copy");
    expect(copy.status).toBe(200);
    const fresh = (id: string) => `gephi-copy-${id}`;
    const back = comparable(
      Object.fromEntries(
        copy.body.nodes.map((n: { key: string; attributes: Record<string, unknown> }) => [n.key, n.attributes]),
      ),
      Object.fromEntries(
        copy.body.edges.map((e: { key: string; attributes: Record<string, unknown> }) => [e.key, e.attributes]),
      ),
    );
    const without = (a: Record<string, string>) => {
      const { dataset: _d, ...rest } = a;
      return rest;
    };
    expect(Object.keys(back.nodes)).toHaveLength(Object.keys(original.nodes).length);
    expect(Object.keys(back.edges)).toHaveLength(Object.keys(original.edges).length);
    for (const [id, a] of Object.entries(original.nodes))
      expect(without(back.nodes[fresh(id)]!), id).toEqual(without(a));
    for (const e of copy.body.edges as { source: string; target: string; attributes: { type: string } }[]) {
      const key = `${e.source.replace(/^gephi-copy-/, "")}-${e.attributes.type}->${e.target.replace(/^gephi-copy-/, "")}`;
      const back1 = back.edges[`${e.source}-${e.attributes.type}->${e.target}`]!;
      expect(without(back1), key).toEqual(without(original.edges[key]!));
    }
    expect((await api.send("DELETE", "/api/datasets/gephi-copy", { token: EDITOR })).status).toBe(200);
  });
});

/** A graph file's nodes and edges with their data attributes (drawing positions aside), for comparison. */
function comparable(nodes: Record<string, Record<string, unknown>>, edges: Record<string, Record<string, unknown>>) {
  const clean = (a: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(a)
        .filter(([k, v]) => !["x", "y", "size", "color", "label"].includes(k) && v !== "" && v !== null)
        .map(([k, v]) => [k, String(v)])
        .sort(([p], [q]) => p.localeCompare(q)),
    );
  return {
    nodes: Object.fromEntries(
      Object.entries(nodes).map(([k, a]) => [k, { ...clean(a), label: String(a.label ?? "") }]),
    ),
    edges: Object.fromEntries(Object.entries(edges).map(([k, a]) => [k, clean(a)])),
  };
}

async function exportAs(format: string) {
  const res = await fetch(`${api.url}/api/export?format=${format}`);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

async function graphOf(format: string): Promise<ReturnType<typeof comparable>> {
  const res = await api.get(`/api/export?format=json`);
  expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(200);
  const nodes = Object.fromEntries(
    res.body.nodes.map((n: { key: string; attributes: Record<string, unknown> }) => [n.key, n.attributes]),
  );
  const edges = Object.fromEntries(
    res.body.edges.map((e: { key: string; attributes: Record<string, unknown> }) => [e.key, e.attributes]),
  );
  void format;
  return comparable(nodes, edges);
}

describe("round trip of the curated dataset through every graph format", () => {
  for (const format of ["gexf", "graphml", "csv", "json"] as const) {
    it(`${format}: export, import into an empty database, export again: same nodes, edges, attributes and sources`, async () => {
      await loadDataset(api.db, readDataset(DATA_DIR), { reset: true });
      const original = await graphOf("json");
      const file = await exportAs(format);
      const files: FileSpec[] =
        format === "csv"
          ? (() => {
              const zip = unzipSync(file);
              return [
                { name: "nodes.csv", role: "nodes", content: strFromU8(zip["nodes.csv"]!) },
                { name: "edges.csv", role: "edges", content: strFromU8(zip["edges.csv"]!) },
              ];
            })()
          : [{ name: `curated.${format}`, content: file }];
      // Empty the database of actors, partnerships and relationships (countries and issues are reference data).
      const session = api.db.driver.session({ database: api.db.database });
      await session
        .run("MATCH (n) WHERE n:Entity OR n:Dataset OR n:Change DETACH DELETE n")
        .finally(() => session.close());
      expect((await api.get("/api/stats")).body.labels.Entity ?? 0).toBe(0);

      const res = await post(importBody("curated", format, files), ADMIN);
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
      const again = await graphOf("json");
      expect(Object.keys(again.nodes).length).toBe(Object.keys(original.nodes).length);
      expect(Object.keys(again.edges).length).toBe(Object.keys(original.edges).length);
      expect(again).toEqual(original);
    });
  }
});

describe("malformed and hostile files", () => {
  const graphml = (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n<key id="d0" for="node" attr.name="label" attr.type="string"/>\n<graph id="G" edgedefault="directed">\n${body}\n</graph>\n</graphml>\n`;
  const corpus: { name: string; body: unknown; status: number; match: RegExp }[] = [
    {
      name: "truncated XML",
      body: importBody("bad", "graphml", [
        { name: "cut.graphml", content: graphml('<node id="a"/><node id="b"/>').slice(0, 180) },
      ]),
      status: 400,
      match: /cut\.graphml: not well-formed XML/,
    },
    {
      name: "entity-expansion bomb",
      body: importBody("bad", "graphml", [
        {
          name: "lol.graphml",
          content: `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n<graphml><graph><node id="&lol3;"/></graph></graphml>`,
        },
      ]),
      status: 400,
      match: /lol\.graphml: DOCTYPE and entity declarations are not accepted/,
    },
    {
      name: "external entity",
      body: importBody("bad", "gexf", [
        {
          name: "xxe.gexf",
          content: `<?xml version="1.0"?>\n<!DOCTYPE gexf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<gexf><graph><nodes><node id="a" label="&xxe;"/></nodes></graph></gexf>`,
        },
      ]),
      status: 400,
      match: /xxe\.gexf: DOCTYPE and entity declarations are not accepted/,
    },
    {
      name: "wrong encoding (Latin-1)",
      body: importBody(
        "bad",
        "csv",
        [
          {
            name: "latin1.csv",
            role: "nodes",
            content: Buffer.concat([Buffer.from("id,name\nok,Fine\ncafe,Caf"), Buffer.from([0xe9]), Buffer.from("\n")]),
          },
        ],
        { defaultSource: SRC },
      ),
      status: 400,
      match: /latin1\.csv:3: not UTF-8 text/,
    },
    {
      name: "duplicate ids",
      body: importBody(
        "bad",
        "csv",
        [{ name: "dup.csv", role: "nodes", content: "id,name\nx,One\ny,Two\nx,Three\n" }],
        { defaultSource: SRC },
      ),
      status: 422,
      match: /dup\.csv:4: field 'id': duplicate id 'x', first defined at dup\.csv:2/,
    },
    {
      name: "dangling edge",
      body: importBody(
        "bad",
        "csv",
        [
          { name: "n.csv", role: "nodes", content: "id,name\nx,One\n" },
          { name: "e.csv", role: "edges", content: "source,target\nx,nowhere\n" },
        ],
        { defaultSource: SRC },
      ),
      status: 422,
      match: /e\.csv:2: field 'target': unknown id 'nowhere'/,
    },
    {
      name: "huge field",
      body: importBody(
        "bad",
        "csv",
        [{ name: "big.csv", role: "nodes", content: `id,name,description\nx,One,${"a".repeat(20_000)}\n` }],
        { defaultSource: SRC },
      ),
      status: 422,
      match: /big\.csv:2: field 'description': 20000 characters, more than the limit/,
    },
    {
      name: "formula cell",
      body: importBody(
        "bad",
        "csv",
        [{ name: "f.csv", role: "nodes", content: 'id,name\nx,"=HYPERLINK(""http://evil.example"",""click"")"\n' }],
        { defaultSource: SRC },
      ),
      status: 422,
      match: /f\.csv:2: field 'name': .* looks like a spreadsheet formula/,
    },
    {
      name: "wrong types: bad year and unknown sector",
      body: importBody(
        "bad",
        "csv",
        [{ name: "t.csv", role: "nodes", content: "id,name,sector,founded\nx,One,Pirates,20x5\n" }],
        { defaultSource: SRC },
      ),
      status: 422,
      match: /t\.csv:2: field 'sector': 'Pirates' is not one of/,
    },
    {
      name: "missing id column",
      body: importBody("bad", "csv", [{ name: "noid.csv", role: "nodes", content: "name,sector\nOne,NGO\n" }], {
        defaultSource: SRC,
      }),
      status: 422,
      match: /noid\.csv:1: no id column/,
    },
    {
      name: "no sources anywhere",
      body: importBody("bad", "csv", [{ name: "nosrc.csv", role: "nodes", content: "id,name\nx,One\n" }]),
      status: 422,
      match: /nosrc\.csv:2: field 'sources': needs at least one URL/,
    },
    {
      name: "an id that the curated dataset holds",
      body: importBody("bad", "csv", [{ name: "clash.csv", role: "nodes", content: "id,name\nunodc,Not UNODC\n" }], {
        defaultSource: SRC,
      }),
      status: 409,
      match: /clash\.csv:2: field 'id': 'unodc' already belongs to dataset 'curated'/,
    },
    {
      name: "not a graph JSON",
      body: importBody("bad", "json", [{ name: "g.json", content: '{"nodes": 5' }]),
      status: 400,
      match: /g\.json: not a graphology JSON graph/,
    },
    {
      name: "unquoted CSV garbage",
      body: importBody("bad", "csv", [{ name: "q.csv", role: "nodes", content: 'id,name\nx,"open quote\n' }], {
        defaultSource: SRC,
      }),
      status: 422,
      match: /q\.csv(:\d+)?: not valid CSV/,
    },
    {
      name: "upload over the size limit",
      body: importBody(
        "bad",
        "csv",
        [{ name: "huge.csv", role: "nodes", content: `id,name\n${"x,y\n".repeat(2_500_000)}` }],
        { defaultSource: SRC },
      ),
      status: 413,
      match: /too large|more than the limit/,
    },
  ];

  it("refuses each with a clear error naming where, and leaves the database exactly as it was", async () => {
    await loadDataset(api.db, readDataset(DATA_DIR), { reset: true });
    const before = await databaseChecksum(api.db);
    for (const c of corpus) {
      for (const dryRun of [false, true]) {
        const res = await post({ ...(c.body as object), dryRun });
        expect(res.status, `${c.name}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(c.status);
        const messages = [res.body.error.message, ...(res.body.error.problems ?? [])].join("\n");
        expect(messages, c.name).toMatch(c.match);
      }
    }
    expect(await databaseChecksum(api.db)).toBe(before);
  });
});
