/**
 * Scoped views from the network snapshot give what the database read gives: for each scope, snapshot-view.ts's
 * answer equals graph/nodes.cypher and graph/edges.cypher's (service.scopedGraph), node for node in the same order,
 * with the same attributes, and relationship for relationship, on the curated data; ego networks as
 * service.neighborhood expands them; shortest paths as graph/shortest-paths.cypher finds them; and /api/graph answers
 * from the snapshot once it has been read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataVersion } from "../server/core/data-version.ts";
import { ScopeQuery, ViewQuery, type Scope } from "../server/core/scope.ts";
import type { Database } from "../server/core/db.ts";
import {
  readSnapshot,
  readViews,
  snapshotsFor,
  unpackTie,
  type ViewSnapshot,
} from "../server/features/analytics/snapshot.ts";
import type { SerializedGraph } from "../server/features/graph/payload.ts";
import { neighborhood, scopedGraph, shortestPaths } from "../server/features/graph/service.ts";
import { snapshotGraph, snapshotNeighborhood, snapshotPaths } from "../server/features/graph/snapshot-view.ts";
import { viewedGraph } from "../server/features/graph/view.ts";
import { startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
let snapshot: ViewSnapshot;
beforeAll(async () => {
  api = await startServer();
  const read = await snapshotsFor(api.db).get(await new DataVersion(api.db).current());
  read.views ??= await readViews(api.db, read, 60_000);
  snapshot = read as ViewSnapshot;
});
afterAll(async () => {
  await api.close();
});

const scopes: [string, Record<string, unknown>, number][] = [
  ["the whole network", {}, 200_000],
  ["the best connected 100", {}, 100],
  ["NGOs", { sector: ["NGO"] }, 200_000],
  ["IGOs and funders, 50 at most", { sector: ["IGO", "Funder"] }, 50],
  ["memberships", { relType: ["MEMBER_OF"] }, 200_000],
  ["funding and coordination", { relType: ["FUNDS", "COORDINATES"] }, 200_000],
  ["Europe", { region: ["Europe"] }, 200_000],
  ["France and Thailand", { country: ["FRA", "THA"] }, 200_000],
  ["forced labour", { issue: ["forced-labour"] }, 200_000],
  ["the curated dataset", { dataset: ["curated"] }, 200_000],
  ["2005", { from: 2005, to: 2005 }, 200_000],
  ["up to 2000, active", { to: 2000, active: "1" }, 200_000],
  ["NGO memberships and funding since 2010", { sector: ["NGO"], relType: ["MEMBER_OF", "FUNDS"], from: 2010 }, 300],
];

/** The answer with its edges in one order (the read returns them in the order the database stores them). */
const canonical = (g: SerializedGraph) => ({
  ...g,
  edges: [...g.edges].sort((a, b) => (a.key! < b.key! ? -1 : a.key! > b.key! ? 1 : 0)),
});

describe("a scoped view from the network snapshot", () => {
  it.each(scopes)("equals the database's answer for %s", async (_name, query, limit) => {
    const scope = ScopeQuery.parse(query) as Scope;
    const read = await scopedGraph(api.db, scope, limit);
    const fromSnapshot = snapshotGraph(snapshot, scope, limit);
    // A scope that answers nothing would agree trivially.
    expect(read.nodes.length).toBeGreaterThan(0);
    expect(read.edges.length).toBeGreaterThan(0);
    // The same answer, in the same order (nodes as the view orders them, ties in the one canonical order).
    expect(fromSnapshot).toEqual(read);
  });

  it("narrows to an ego focus and refuses an unknown one as the read does", async () => {
    const view = ViewQuery.parse({ focus: "la-strada-international:2", min: 2 });
    const read = await viewedGraph(api.db, view, 200_000);
    const fromSnapshot = await viewedGraph(api.db, view, 200_000, snapshot);
    expect(read.nodes.length).toBeGreaterThan(10);
    expect(canonical(fromSnapshot)).toEqual(canonical(read));
    const unknown = ViewQuery.parse({ focus: "no-such-actor:1" });
    await expect(viewedGraph(api.db, unknown, 100, snapshot)).rejects.toThrow(/focus.*no-such-actor/);
  });

  it.each([
    ["UNODC, one step", "unodc", 1, {}],
    ["La Strada International, two steps", "la-strada-international", 2, {}],
    ["ILO, two steps of memberships and funding", "ilo", 2, { relType: ["MEMBER_OF", "FUNDS"] }],
    ["the Freedom Fund, three steps from 2015", "freedom-fund", 3, { from: 2015 }],
    ["ICAT, one step up to 2010", "icat", 1, { to: 2010 }],
  ] as const)("gives the ego network of %s as the read does", async (_name, id, depth, query) => {
    const scope = ScopeQuery.parse(query) as Scope;
    const read = await neighborhood(api.db, id, depth, 20_000, scope);
    const fromSnapshot = snapshotNeighborhood(snapshot, id, depth, 20_000, scope);
    expect(read.nodes.length).toBeGreaterThan(1);
    const sorted = (g: SerializedGraph) => ({
      ...canonical(g),
      nodes: [...g.nodes].sort((a, b) => (a.key < b.key ? -1 : 1)),
    });
    expect(sorted(fromSnapshot)).toEqual(sorted(read));
  });

  it("cuts an ego network at its limit and says so, and refuses an unknown node", () => {
    const scope = ScopeQuery.parse({}) as Scope;
    const cut = snapshotNeighborhood(snapshot, "unodc", 2, 25, scope);
    expect(cut.nodes).toHaveLength(25);
    expect(cut.attributes.truncated).toBe(true);
    expect(cut.nodes[0]!.key).toBe("unodc");
    expect(() => snapshotNeighborhood(snapshot, "no-such-actor", 1, 10, scope)).toThrow(/no-such-actor/);
  });

  it.each([
    ["La Strada International", "la-strada-international", "unodc", 6, 100],
    ["the Freedom Fund", "freedom-fund", "ilo", 6, 100],
    ["Walk Free", "walk-free", "icat", 6, 100],
    ["UNODC, at most two", "unodc", "la-strada-moldova", 6, 2],
    ["ICAT, within one hop", "icat", "la-strada-moldova", 1, 100],
  ] as const)("finds the shortest paths from %s as the read does", async (_name, from, to, maxHops, limit) => {
    const read = await shortestPaths(api.db, from, to, maxHops, limit);
    const fromSnapshot = snapshotPaths(snapshot, from, to, maxHops, limit);
    // Within six hops these actors are joined; within one, ICAT and La Strada Moldova are not.
    expect(read.paths.length > 0).toBe(maxHops > 1);
    expect(fromSnapshot.attributes).toEqual(read.attributes);
    // A cut list holds the first `limit` paths each finds (the database in its own order): the snapshot's are
    // shortest paths, each once.
    const key = (p: readonly string[]) => p.join(" > ");
    const readPaths = new Set(read.paths.map(key));
    expect(new Set(fromSnapshot.paths.map(key)).size).toBe(fromSnapshot.paths.length);
    if (!read.attributes.truncated) {
      expect(fromSnapshot.paths).toEqual(read.paths);
      expect(new Set(fromSnapshot.paths.map(key))).toEqual(readPaths);
      expect(canonical(fromSnapshot).edges).toEqual(canonical(read).edges);
      expect(fromSnapshot.nodes.map((n) => n.key).sort()).toEqual(read.nodes.map((n) => n.key).sort());
    } else {
      expect(fromSnapshot.paths).toHaveLength(limit);
      for (const p of fromSnapshot.paths) expect(p.length - 1).toBe(read.attributes.hops);
    }
  });

  it("answers /api/graph once the snapshot of the data version is read", async () => {
    // The snapshot above is the current version's: the route's answer is the snapshot's.
    const res = await api.get("/api/graph?limit=300&sector=Government");
    expect(res.status).toBe(200);
    const expected = snapshotGraph(snapshot, ScopeQuery.parse({ sector: ["Government"] }) as Scope, 300);
    expect(res.body.nodes.map((n: { key: string }) => n.key)).toEqual(expected.nodes.map((n) => n.key));
    expect(res.body.edges.length).toBe(expected.edges.length);
  });
});

describe("reading the network snapshot", () => {
  /** The test database, running `before(k)` ahead of its k-th read transaction. */
  const interrupted = (before: (call: number) => Promise<void>) => {
    let calls = 0;
    const db = new Proxy(api.db, {
      get(target, prop) {
        if (prop === "read") {
          return async (...args: Parameters<Database["read"]>) => {
            await before(++calls);
            return target.read(...args);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { db, calls: () => calls };
  };
  /** An edit elsewhere: the curated dataset's data version moves on. */
  const bump = async () => {
    const session = api.db.driver.session({ database: api.db.database });
    try {
      await session.run(
        "MATCH (d:Dataset {id: 'curated'}) SET d.dataVersion = d.dataVersion + 1, d.versionToken = randomUUID()",
      );
    } finally {
      await session.close();
    }
  };

  it("reads again when a write comes between its transactions, and gives the same network", async () => {
    const clean = interrupted(async () => {});
    const reference = await readSnapshot(clean.db, "reference", 1024, 60_000);
    const perRead = clean.calls();
    expect(perRead).toBeGreaterThanOrEqual(2); // the nodes, then the ties beside them

    const once = interrupted(async (call) => {
      if (call === 2) await bump(); // between the nodes' transaction and the ties'
    });
    const again = await readSnapshot(once.db, "again", 1024, 60_000);
    expect(once.calls()).toBe(2 * perRead);
    expect(again.m).toBe(reference.m);
    expect(again.ids).toEqual(reference.ids);
    expect(Array.from(again.source)).toEqual(Array.from(reference.source));
    expect(Array.from(again.target)).toEqual(Array.from(reference.target));
    expect(Array.from(again.since)).toEqual(Array.from(reference.since));
  });

  it("gives up with a 503 when every read is interrupted", async () => {
    const always = interrupted(() => bump());
    await expect(readSnapshot(always.db, "never", 1024, 60_000)).rejects.toMatchObject({
      status: 503,
      code: "data_changing",
    });
  });
});

describe("the snapshot's reads as Neo4j plans them", () => {
  /** The operators of a statement's plan (EXPLAIN: planned, not run), with their details. */
  async function operators(name: string, params: Record<string, unknown>): Promise<{ op: string; details: string }[]> {
    const session = api.db.driver.session({ database: api.db.database });
    try {
      const { summary } = await session.executeRead((tx) =>
        tx.run(`EXPLAIN ${api.db.statements.get(name).text}`, params),
      );
      const out: { op: string; details: string }[] = [];
      const walk = (p: { operatorType: string; arguments: Record<string, unknown>; children: unknown[] }) => {
        out.push({ op: p.operatorType.split("@")[0]!, details: String(p.arguments.Details ?? "") });
        for (const c of p.children) walk(c as typeof p);
      };
      walk(summary.plan as never);
      return out;
    } finally {
      await session.close();
    }
  }

  it("reads the nodes in id order from the id index, with no sort", async () => {
    const ops = await operators("analytics/snapshot-nodes", {});
    expect(ops.map((o) => o.op)).toContain("NodeIndexScan");
    expect(ops.filter((o) => /Sort/.test(o.op))).toEqual([]);
  });

  it("answers the ties in small parts, never a whole batch's lists in one message", async () => {
    // The driver reads a message of many chunks byte by byte across them: a batch of 20,000 sources in one row took
    // several times as long to decode as the same ties in parts of 128 sources.
    const nids = Array.from(snapshot.nid);
    expect(nids.length).toBeGreaterThan(3 * 128);
    const typeIndex = { MEMBER_OF: 0 };
    const parts = await api.db.read(
      (tx) =>
        tx.run<{ part: number; target: number[]; packed: number[] }>("analytics/snapshot-ties", { nids, typeIndex }),
      60_000,
    );
    expect(parts.length).toBeGreaterThan(3);
    let ties = 0;
    const out = new Int32Array(4);
    for (const { part, target, packed } of parts) {
      ties += target.length;
      expect(packed.length).toBe(target.length);
      for (const p of packed) {
        unpackTie(p, 0, out);
        expect(Math.floor(out[0]! / 128)).toBe(part);
      }
    }
    // Every tie of the collaboration types, self-ties included (the snapshot leaves those out after the read).
    expect(ties).toBeGreaterThanOrEqual(snapshot.m);
  });

  it("follows only the collaboration types from each node, checking no label at the other end", async () => {
    const ops = await operators("analytics/snapshot-ties", { nids: [0], typeIndex: {} });
    const expand = ops.find((o) => o.op.startsWith("Expand"));
    expect(expand?.details).toMatch(/MEMBER_OF\|/);
    expect(ops.filter((o) => o.op === "Filter" && /:Entity/.test(o.details))).toEqual([]);
  });
});
