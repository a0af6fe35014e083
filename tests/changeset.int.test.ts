/**
 * Change sets against the real test Neo4j: the curated GEXF export, edited as Gephi would (an attribute changed
 * with its source, a tie added with its source, a tie removed), comes back as a proposal of exactly those changes
 * without writing; applying writes them in one transaction through curation, each in the history with its author
 * and sources; a second apply of the same proposal is stale (409); an edit without a source is refused naming the
 * element and the field, and leaves the database as it was.
 */
import http from "node:http";
import Graph from "graphology";
import { parse as parseGexf, write as writeGexf } from "graphology-gexf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySchema } from "../server/core/connection.ts";
import { OPERATIONS } from "../shared/api.ts";
import { readDataset } from "../seed/dataset.ts";
import { loadDataset } from "../seed/load.ts";
import { DATA_DIR } from "../seed/paths.ts";
import { databaseChecksum } from "./helpers/checksum.ts";
import { layoutReady, startServer, type TestServer } from "./helpers/server.ts";

const EDITOR = "editor-secret-0123456789";
const NODE_SOURCE = "https://example.org/changeset/annual-report";
const TIE_SOURCE = "https://example.org/changeset/joint-statement";
const FILE = "atlas.gexf";

let api: TestServer;

beforeAll(async () => {
  api = await startServer({ EDITOR_TOKEN: EDITOR });
  // Exports carry positions once the layout is ready.
  await layoutReady(api);
});
afterAll(async () => {
  // Leave the curated dataset (and an empty history) as the other test files expect it.
  await applySchema(api.db);
  await loadDataset(api.db, readDataset(DATA_DIR), { reset: true });
  await api.close();
});

async function exportGexf(): Promise<Graph> {
  const res = await fetch(`${api.url}/api/export?format=gexf`);
  expect(res.status).toBe(200);
  return parseGexf(Graph, await res.text());
}

const upload = (graph: Graph) => ({
  format: "gexf",
  file: { name: FILE, content: Buffer.from(writeGexf(graph)).toString("base64") },
});
/**
 * Posts on a connection of its own: the uploads follow seconds of work in this same process (parsing and writing
 * the file), long enough for the server to close an idle kept-alive connection as the client reuses it.
 */
function post(path: string, body: unknown, token?: string): Promise<{ status: number; body: any }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${api.url}${path}`,
      {
        method: "POST",
        agent: false,
        headers: {
          "content-type": "application/json",
          "content-length": data.length,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }));
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}
const propose = (graph: Graph) => post("/api/change-sets/proposal", upload(graph), EDITOR);
const apply = (graph: Graph, version: string, select: string[]) =>
  post("/api/change-sets/apply", { ...upload(graph), version, select }, EDITOR);

/** A '|'-separated attribute as a list. */
const list = (v: unknown) =>
  String(v ?? "")
    .split("|")
    .map((s) => s.trim())
    .filter(Boolean);

describe("change sets from an edited export", { timeout: 180_000 }, () => {
  it("an unedited export proposes no change and writes nothing", async () => {
    const before = await databaseChecksum(api.db);
    const res = await propose(await exportGexf());
    expect(res.status, JSON.stringify(res.body).slice(0, 600)).toBe(200);
    expect(res.body.changes).toEqual([]);
    expect(Object.values(res.body.counts).every((n) => n === 0)).toBe(true);
    expect(await databaseChecksum(api.db)).toBe(before);
  });

  it("leaves out what imported datasets hold in a whole-network export", async () => {
    const b64 = (t: string) => Buffer.from(t).toString("base64");
    const imported = await post(
      "/api/import",
      {
        dataset: "cs-study",
        format: "csv",
        files: [
          { name: "nodes.csv", role: "nodes", content: b64("id,name,sector\ncs-study-ngo,Study NGO,NGO\n") },
          { name: "edges.csv", role: "edges", content: b64("source,target,type\ncs-study-ngo,unodc,PARTNERS_WITH\n") },
        ],
        defaultSource: "https://example.org/cs-study",
      },
      EDITOR,
    );
    expect(imported.status, JSON.stringify(imported.body).slice(0, 400)).toBe(200);
    try {
      const graph = await exportGexf();
      expect(graph.hasNode("cs-study-ngo")).toBe(true);
      const res = await propose(graph);
      expect(res.status, JSON.stringify(res.body).slice(0, 600)).toBe(200);
      expect(res.body.changes).toEqual([]);
      expect(res.body.otherDatasets).toEqual({ entities: 1, relationships: 1 });
    } finally {
      expect((await api.send("DELETE", "/api/datasets/cs-study", { token: EDITOR })).status).toBe(200);
    }
  });

  it("proposes exactly the edits, applies them through curation into the history, and refuses a second apply", async () => {
    const graph = await exportGexf();
    const actors = graph.filterNodes((_n, a) => a.entity === "Actor");
    // An attribute changed, with the page that states it added to the node's sources.
    const edited = actors.find((n) => graph.degree(n) > 0)!;
    const oldDescription = (graph.getNodeAttribute(edited, "description") as string | undefined) ?? null;
    const oldNodeSources = list(graph.getNodeAttribute(edited, "sources"));
    graph.mergeNodeAttributes(edited, {
      description: "Runs shelters and a hotline; edited in Gephi.",
      sources: [...oldNodeSources, NODE_SOURCE].join(" | "),
    });
    // A tie added between two actors that have none, with its source.
    const [a, b] = actors.filter((n) => n !== edited && !graph.areNeighbors(n, edited)).slice(0, 2) as [string, string];
    expect(graph.areNeighbors(a, b)).toBe(false);
    graph.addEdge(a, b, { type: "PARTNERS_WITH", since: 2021, sources: TIE_SOURCE, retrieved: "2026-12-01" });
    // A tie removed.
    const removed = graph.findEdge((_e, _attr, s, t) => s !== edited && t !== edited && s !== a && t !== a)!;
    const r = graph.getEdgeAttributes(removed);
    const [rs, rt] = [graph.source(removed), graph.target(removed)];
    const removedKey = `${rs}-${String(r.type)}->${rt}`;
    graph.dropEdge(removed);

    const before = await databaseChecksum(api.db);
    const proposal = await propose(graph);
    expect(proposal.status, JSON.stringify(proposal.body).slice(0, 600)).toBe(200);
    expect(await databaseChecksum(api.db)).toBe(before);
    const stored = (v: unknown) => (v === undefined || v === null || v === "" ? undefined : v);
    expect(proposal.body.changes).toEqual([
      {
        id: `remove-relationship:${removedKey}`,
        action: "remove-relationship",
        target: removedKey,
        element: null,
        fields: (["role", "since", "until", "amount", "currency"] as const)
          .filter((f) => stored(r[f]) !== undefined)
          .map((f) => ({ field: f, before: r[f], after: null })),
        sources: [],
      },
      {
        id: `update-entity:${edited}`,
        action: "update-entity",
        target: edited,
        element: `${FILE}: node '${edited}'`,
        fields: [
          { field: "description", before: oldDescription, after: "Runs shelters and a hotline; edited in Gephi." },
          { field: "sources", before: oldNodeSources, after: [...oldNodeSources, NODE_SOURCE] },
        ],
        sources: [NODE_SOURCE],
      },
      {
        id: `add-relationship:${a}-PARTNERS_WITH->${b}`,
        action: "add-relationship",
        target: `${a}-PARTNERS_WITH->${b}`,
        element: expect.stringMatching(new RegExp(`^${FILE}: edge '[^']+' \\(${a} PARTNERS_WITH ${b}\\)$`)),
        fields: [{ field: "since", before: null, after: 2021 }],
        sources: [TIE_SOURCE],
      },
    ]);
    expect(proposal.body.counts).toMatchObject({
      "remove-relationship": 1,
      "update-entity": 1,
      "add-relationship": 1,
      "remove-entity": 0,
      "add-entity": 0,
      "update-relationship": 0,
    });

    // The answers are what the OpenAPI document says they are.
    expect(OPERATIONS["post /api/change-sets/proposal"].response.safeParse(proposal.body).success).toBe(true);
    const ids = proposal.body.changes.map((c: { id: string }) => c.id);
    const done = await apply(graph, proposal.body.version, ids);
    expect(done.status, JSON.stringify(done.body).slice(0, 600)).toBe(200);
    expect(done.body.applied).toBe(3);
    expect(OPERATIONS["post /api/change-sets/apply"].response.safeParse(done.body).success).toBe(true);
    expect(done.body.dataVersion).not.toBe(proposal.body.version);

    // The database holds the changes.
    const node = await api.get(`/api/nodes/${edited}`);
    expect(node.body.node.description).toBe("Runs shelters and a hotline; edited in Gephi.");
    const rel = (type: string, source: string, target: string) =>
      api.db.readRows<{ props: Record<string, unknown> }>("curation/relationship-snapshot", { type, source, target });
    const [added] = await rel("PARTNERS_WITH", a, b);
    expect(added?.props).toMatchObject({ since: 2021, sources: [TIE_SOURCE], dataset: "curated" });
    expect(await rel(String(r.type), rs, rt)).toEqual([]);

    // Each change is in the history, with its author, its note and its sources.
    const history = await api.get("/api/changes?limit=3");
    const byAction = Object.fromEntries(
      history.body.changes.map((c: { action: string }) => [c.action, c] as [string, Record<string, unknown>]),
    );
    expect(Object.keys(byAction).sort()).toEqual(["create-relationship", "delete-relationship", "update-entity"]);
    for (const c of Object.values(byAction))
      expect(c).toMatchObject({ user: "editor", note: `change set from ${FILE}` });
    expect(byAction["update-entity"]).toMatchObject({ target: edited });
    expect(byAction["update-entity"]!.fields).toEqual(
      expect.arrayContaining([
        { field: "description", before: oldDescription, after: "Runs shelters and a hotline; edited in Gephi." },
        expect.objectContaining({ field: "sources", after: expect.arrayContaining([NODE_SOURCE]) }),
      ]),
    );
    expect(byAction["create-relationship"]).toMatchObject({ target: `${a}-PARTNERS_WITH->${b}` });
    expect((byAction["create-relationship"]!.after as { props: { sources: string[] } }).props.sources).toEqual([
      TIE_SOURCE,
    ]);
    expect(byAction["delete-relationship"]).toMatchObject({ target: removedKey, after: null });

    // The same proposal again: the data changed since, so it is stale, and nothing is written.
    const after = await databaseChecksum(api.db);
    const again = await apply(graph, proposal.body.version, ids);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "stale_change_set", parameter: "version" });
    expect(again.body.error.message).toMatch(/changed since this change set was proposed/);
    expect(await databaseChecksum(api.db)).toBe(after);

    // Proposed again, the file now matches the data: nothing left to change.
    const settled = await propose(graph);
    expect(settled.status).toBe(200);
    expect(settled.body.changes).toEqual([]);
  });

  it("applies only the changes the editor kept", async () => {
    const graph = await exportGexf();
    const [x, y] = graph.filterNodes((_n, a) => a.entity === "Actor").slice(-2) as [string, string];
    graph.mergeNodeAttributes(x, {
      founded: 1999,
      sources: `${String(graph.getNodeAttribute(x, "sources"))} | ${NODE_SOURCE}`,
    });
    graph.mergeNodeAttributes(y, {
      founded: 1998,
      sources: `${String(graph.getNodeAttribute(y, "sources"))} | ${NODE_SOURCE}`,
    });
    const proposal = await propose(graph);
    expect(proposal.status, JSON.stringify(proposal.body).slice(0, 600)).toBe(200);
    expect(proposal.body.changes.map((c: { id: string }) => c.id).sort()).toEqual(
      [`update-entity:${x}`, `update-entity:${y}`].sort(),
    );
    const done = await apply(graph, proposal.body.version, [`update-entity:${x}`]);
    expect(done.status, JSON.stringify(done.body).slice(0, 600)).toBe(200);
    expect(done.body.applied).toBe(1);
    const founded = async (id: string) =>
      (await api.db.readRows<{ props: { founded: number | null } }>("curation/entity-snapshot", { id }))[0]!.props
        .founded;
    expect(await founded(x)).toBe(1999);
    expect(await founded(y)).not.toBe(1998);
    // A change the proposal does not hold is named.
    const fresh = await propose(graph);
    const unknown = await apply(graph, fresh.body.version, ["update-entity:no-such-actor"]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      "body field 'select': no change 'update-entity:no-such-actor' in this change set",
    );
  });

  it("refuses an edit or a new tie without a source, naming the element and the field, and writes nothing", async () => {
    const version = (await propose(await exportGexf())).body.version as string;
    const before = await databaseChecksum(api.db);

    // A field changed with no new source.
    const edited = await exportGexf();
    const actors = edited.filterNodes((_n, a) => a.entity === "Actor");
    const node = actors[3]!;
    edited.setNodeAttribute(node, "description", "Changed without saying where it is stated.");
    const unsourced = `${FILE}: node '${node}': field 'sources': changes 'description' without a new source; add the URL of a page that states the change to 'sources'`;
    const res = await propose(edited);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "invalid_import", message: unsourced, problems: [unsourced] });
    const refused = await apply(edited, version, [`update-entity:${node}`]);
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toBe(unsourced);

    // A tie added with no source at all.
    const added = await exportGexf();
    const [p, q] = actors
      .filter((n) => n !== node && !added.areNeighbors(n, actors[5]!))
      .slice(0, 1)
      .concat(actors[5]!) as [string, string];
    added.addEdge(p, q, { type: "PARTNERS_WITH", retrieved: "2026-12-01" });
    const tie = await propose(added);
    expect(tie.status).toBe(422);
    expect(tie.body.error.problems).toHaveLength(1);
    expect(tie.body.error.message).toMatch(
      new RegExp(
        `^${FILE}: edge '[^']+': field 'sources': needs at least one URL of a public page that states this fact$`,
      ),
    );
    expect((await apply(added, version, [`add-relationship:${p}-PARTNERS_WITH->${q}`])).status).toBe(422);

    expect(await databaseChecksum(api.db)).toBe(before);
  });

  it("is for editors only", async () => {
    const res = await post("/api/change-sets/proposal", upload(await exportGexf()));
    expect(res.status).toBe(401);
  });
});
