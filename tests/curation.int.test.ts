/**
 * Curation and sign-in against the real test Neo4j: writes need an editor, every change is recorded with the
 * state before and after, and reverting restores the data exactly (checked by a content checksum of the whole
 * database).
 */
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Auth } from "../server/core/auth.ts";
import { dataChecksum, databaseChecksum } from "./helpers/checksum.ts";
import { layoutReady, startServer, type TestServer } from "./helpers/server.ts";

const EDITOR = "editor-secret-0123456789";
const ADMIN = "admin-secret-0123456789";
const VIEWER = "viewer-secret-0123456789";
const SOURCE = "https://example.org/page-that-states-it";

let api: TestServer;
let anchor: string;

beforeAll(async () => {
  api = await startServer({
    EDITOR_TOKEN: EDITOR,
    ADMIN_TOKEN: ADMIN,
    ATLAS_USERS: `vera:viewer:${VIEWER}`,
    SESSION_SECRET: "s".repeat(40),
    SESSION_TTL_MINUTES: "1",
  });
  // Any curated actor with at least one relationship, to edit and delete.
  const graph = await api.get("/api/graph?limit=50");
  anchor = graph.body.nodes.find(
    (n: { attributes: { entity: string; degree: number } }) =>
      n.attributes.entity === "Actor" && n.attributes.degree > 0,
  ).key;
});
afterAll(async () => {
  await api.close();
});

const newActor = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: "Actor",
  name: `Test organization ${id}`,
  sector: "NGO",
  country: "FRA",
  issues: ["victim-services"],
  operatesIn: ["FRA", "BEL"],
  sources: [SOURCE],
  ...extra,
});

describe("sign-in and credentials", () => {
  it("trades a configured secret for a session token that identifies the user", async () => {
    const res = await api.send("POST", "/api/auth/sign-in", { body: { secret: EDITOR } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: "editor", role: "editor" });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    const me = await api.send("GET", "/api/auth/me", { token: res.body.token });
    expect(me.body).toMatchObject({ user: "editor", role: "editor" });
  });

  it("refuses an unknown secret and a tampered session token", async () => {
    expect((await api.send("POST", "/api/auth/sign-in", { body: { secret: "not-a-configured-secret" } })).status).toBe(
      401,
    );
    const { body } = await api.send("POST", "/api/auth/sign-in", { body: { secret: VIEWER } });
    const [prefix, payload, sig] = (body.token as string).split(".");
    const forged = Buffer.from(JSON.stringify({ u: "vera", r: "admin", exp: 9e9 })).toString("base64url");
    const res = await api.send("GET", "/api/auth/me", { token: `${prefix}.${forged}.${sig}` });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("invalid_credentials");
    expect(payload).not.toBe(forged);
  });
});

describe("every write needs an editor", () => {
  const writes: [string, string, unknown][] = [
    ["POST", "/api/entities", newActor("unauthorized-probe")],
    ["PATCH", "/api/entities/unodc", { name: "Renamed", sources: [SOURCE] }],
    ["DELETE", "/api/entities/unodc", undefined],
    ["POST", "/api/relationships", { type: "PARTNERS_WITH", source: "unodc", target: "iom", sources: [SOURCE] }],
    ["DELETE", "/api/relationships", { type: "PARTNERS_WITH", source: "unodc", target: "iom" }],
    ["POST", "/api/changes/00000000-0000-4000-8000-000000000000/revert", undefined],
    [
      "POST",
      "/api/import",
      {
        dataset: "unauthorized-import",
        format: "csv",
        files: [
          { name: "n.csv", content: Buffer.from("id,name,sources\nx,X,https://example.org/x\n").toString("base64") },
        ],
      },
    ],
    ["DELETE", "/api/datasets/curated", undefined],
  ];

  it("refuses every write without, with a wrong, with a viewer's and with an expired credential, writing nothing", async () => {
    const before = await databaseChecksum(api.db);
    const viewer = (await api.send("POST", "/api/auth/sign-in", { body: { secret: VIEWER } })).body.token as string;
    // A session signed with the server's key, issued two minutes ago with a one-minute lifetime.
    const past = new Auth({
      ATLAS_USERS: "",
      EDITOR_TOKEN: EDITOR,
      SESSION_SECRET: "s".repeat(40),
      SESSION_TTL_MINUTES: 1,
      READ_ACCESS: "open",
    }).signIn(EDITOR, Date.now() - 120_000).token;
    for (const [method, path, body] of writes) {
      const cases: [string | undefined, number, string][] = [
        [undefined, 401, "credentials_required"],
        ["wrong-token-0123456789", 401, "invalid_credentials"],
        [viewer, 403, "forbidden"],
        [past, 401, "session_expired"],
      ];
      for (const [token, status, code] of cases) {
        const res = await api.send(method, path, { body, token });
        expect(res.status, `${method} ${path} with ${token ? token.slice(0, 12) : "nothing"}`).toBe(status);
        expect(res.body.error.code).toBe(code);
      }
    }
    expect(await databaseChecksum(api.db)).toBe(before);
  });

  it("answers 401 for writes when no editor credential is configured at all", async () => {
    const bare = await startServer();
    try {
      const res = await bare.send("POST", "/api/entities", { body: newActor("x-unconfigured") });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/no editor credential is configured/);
    } finally {
      await bare.close();
    }
  });
});

describe("curation with history and revert", () => {
  it("creates an actor with its facets, records the change, and requires a source", async () => {
    const missing = await api.send("POST", "/api/entities", {
      body: { ...newActor("no-source-org"), sources: [] },
      token: EDITOR,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/'sources'/);
    const badCountry = await api.send("POST", "/api/entities", {
      body: newActor("bad-country-org", { country: "XXX" }),
      token: EDITOR,
    });
    expect(badCountry.status).toBe(400);
    expect(badCountry.body.error).toMatchObject({ field: "country" });

    const res = await api.send("POST", "/api/entities", { body: newActor("atlas-test-ngo"), token: EDITOR });
    expect(res.status).toBe(201);
    expect(res.body.change).toMatchObject({
      user: "editor",
      action: "create-entity",
      target: "atlas-test-ngo",
      before: null,
    });
    const node = await api.get("/api/nodes/atlas-test-ngo");
    expect(node.status).toBe(200);
    expect(node.body.node).toMatchObject({
      name: "Test organization atlas-test-ngo",
      sector: "NGO",
      country: "FRA",
      region: "Europe",
      sources: [SOURCE],
    });
    expect(node.body.operatesIn.map((c: { id: string }) => c.id).sort()).toEqual(["BEL", "FRA"]);
    const dup = await api.send("POST", "/api/entities", { body: newActor("atlas-test-ngo"), token: EDITOR });
    expect(dup.status).toBe(409);
  });

  it("edits an entity, lists the change with before and after, and a revert restores the exact previous state", async () => {
    const before = await dataChecksum(api.db);
    const edit = await api.send("PATCH", `/api/entities/${anchor}`, {
      body: {
        name: "A name given in a test",
        country: "BEL",
        operatesIn: ["BEL"],
        sources: ["https://example.org/renamed"],
      },
      token: EDITOR,
    });
    expect(edit.status).toBe(200);
    expect(edit.body.entity.props).toMatchObject({ name: "A name given in a test", country: "BEL" });
    expect(edit.body.entity.props.sources).toContain("https://example.org/renamed");
    expect(await dataChecksum(api.db)).not.toBe(before);

    const history = await api.get(`/api/changes?target=${anchor}`);
    const change = history.body.changes[0];
    expect(change).toMatchObject({ action: "update-entity", user: "editor", target: anchor });
    expect(change.before.props.name).not.toBe("A name given in a test");
    expect(change.after.props.name).toBe("A name given in a test");

    const revert = await api.send("POST", `/api/changes/${change.id}/revert`, { token: EDITOR });
    expect(revert.status).toBe(200);
    expect(revert.body.change).toMatchObject({ action: "revert-update-entity", revertOf: change.id });
    expect(await dataChecksum(api.db)).toBe(before);
    const again = await api.send("POST", `/api/changes/${change.id}/revert`, { token: EDITOR });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("already_reverted");
  });

  it("serves the network from its cache until an edit, and the edit's answer right after it", async () => {
    await layoutReady(api);
    const label = async () => {
      const res = await api.get("/api/graph?limit=100000");
      return {
        etag: res.headers.get("etag"),
        label: res.body.nodes.find((n: { key: string }) => n.key === anchor).attributes.label as string,
      };
    };
    const metric = async (name: string) => {
      const text = (await api.get("/api/metrics")).body as string;
      return Number(new RegExp(`^${name} (\\d+)`, "m").exec(text)?.[1]);
    };
    const first = await label();
    const hits = await metric("atlas_graph_cache_hits");
    const second = await label();
    expect(second).toEqual(first);
    expect(await metric("atlas_graph_cache_hits")).toBe(hits + 1);
    // A browser holding this answer is told it is still current (the request as a browser revalidates; fetch would
    // add "no-cache" to a bare If-None-Match).
    const revalidated = await api.send("GET", "/api/graph?limit=100000", {
      headers: { "if-none-match": first.etag!, "cache-control": "max-age=0" },
    });
    expect(revalidated.status).toBe(304);

    const edit = await api.send("PATCH", `/api/entities/${anchor}`, {
      body: { name: "Renamed for the cache test", sources: ["https://example.org/renamed"] },
      token: EDITOR,
    });
    expect(edit.status).toBe(200);
    const edited = await label();
    expect(edited.label).toBe("Renamed for the cache test");
    expect(edited.etag).not.toBe(first.etag);
    const history = await api.get(`/api/changes?target=${anchor}`);
    expect(
      (await api.send("POST", `/api/changes/${history.body.changes[0].id}/revert`, { token: EDITOR })).status,
    ).toBe(200);
    expect((await label()).label).toBe(first.label);
  });

  it("deletes an entity with its relationships, and reverting the deletion recovers all of it", async () => {
    const before = await dataChecksum(api.db);
    const degree = (await api.get(`/api/nodes/${anchor}`)).body;
    const relCount = Object.values(degree.relationships as Record<string, unknown[]>).flat().length;
    expect(relCount).toBeGreaterThan(0);
    const del = await api.send("DELETE", `/api/entities/${anchor}?note=test`, { token: ADMIN });
    expect(del.status).toBe(200);
    expect(del.body.change.before.relationships).toHaveLength(relCount);
    expect((await api.get(`/api/nodes/${anchor}`)).status).toBe(404);
    const revert = await api.send("POST", `/api/changes/${del.body.change.id}/revert`, { token: EDITOR });
    expect(revert.status).toBe(200);
    expect(await dataChecksum(api.db)).toBe(before);
  });

  it("adds, edits and deletes a relationship, each revertible; a revert is refused once the element changed again", async () => {
    const before = await dataChecksum(api.db);
    const bad = await api.send("POST", "/api/relationships", {
      body: { type: "HOSTS", source: "atlas-test-ngo", target: anchor, sources: [SOURCE] },
      token: EDITOR,
    });
    expect(bad.status).toBe(400); // HOSTS must point to a partnership
    const add = await api.send("POST", "/api/relationships", {
      body: { type: "PARTNERS_WITH", source: "atlas-test-ngo", target: anchor, since: 2019, sources: [SOURCE] },
      token: EDITOR,
    });
    expect(add.status).toBe(201);
    const edit = await api.send("PATCH", "/api/relationships", {
      body: {
        type: "PARTNERS_WITH",
        source: "atlas-test-ngo",
        target: anchor,
        until: 2022,
        sources: ["https://example.org/ended"],
      },
      token: EDITOR,
    });
    expect(edit.status).toBe(200);
    expect(edit.body.relationship.props).toMatchObject({ since: 2019, until: 2022 });
    // The creation cannot be reverted while the later edit stands.
    const early = await api.send("POST", `/api/changes/${add.body.change.id}/revert`, { token: EDITOR });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("changed_since");
    for (const c of [edit.body.change, add.body.change]) {
      expect((await api.send("POST", `/api/changes/${c.id}/revert`, { token: EDITOR })).status).toBe(200);
    }
    expect(await dataChecksum(api.db)).toBe(before);
  });

  it("keeps the change history readable and newest first", async () => {
    const res = await api.get("/api/changes?limit=5");
    expect(res.status).toBe(200);
    const times = res.body.changes.map((c: { at: string }) => Date.parse(c.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await api.get("/api/changes?limit=0")).status).toBe(400);
  });

  it("cleans up: the test actor's creation is reverted", async () => {
    const [created] = (await api.get("/api/changes?target=atlas-test-ngo&limit=100")).body.changes.filter(
      (c: { action: string }) => c.action === "create-entity",
    );
    expect((await api.send("POST", `/api/changes/${created.id}/revert`, { token: EDITOR })).status).toBe(200);
    expect((await api.get("/api/nodes/atlas-test-ngo")).status).toBe(404);
  });
});

/**
 * Runs `fn` while another client holds the anchor's write lock, so that an edit's transaction waits for it; then
 * lets the lock go and checks that the database is as it was before `fn`.
 */
async function whileActorLocked(fn: () => Promise<void>): Promise<void> {
  const session = api.db.driver.session({ database: api.db.database });
  const holder = session.beginTransaction();
  try {
    await holder.run("MATCH (a:Entity {id: $id}) SET a.name = a.name", { id: anchor });
    const before = await dataChecksum(api.db);
    await fn();
    await holder.rollback();
    expect(await dataChecksum(api.db)).toBe(before);
  } finally {
    if (holder.isOpen()) await holder.rollback();
    await session.close();
  }
}

const neverWritten = { body: { name: "Never written", sources: [SOURCE] }, token: EDITOR };

describe("a write that waits past its time limit", () => {
  it("is answered 504 naming the statement and the limit, and writes nothing", async () => {
    // Reads get QUERY_TIMEOUT_MS and writes four times it: 2 s here.
    const slow = await startServer({ EDITOR_TOKEN: EDITOR, QUERY_TIMEOUT_MS: "500" });
    try {
      await whileActorLocked(async () => {
        const edit = await slow.send("PATCH", `/api/entities/${anchor}`, neverWritten);
        expect(edit.status, JSON.stringify(edit.body)).toBe(504);
        expect(edit.body.error).toMatchObject({ code: "query_timeout", limitMs: 2000 });
        // The statement of cypher/ that was waiting: the edit's write of the actor.
        expect(existsSync(`cypher/${edit.body.error.statement}.cypher`), edit.body.error.statement).toBe(true);
        expect(edit.body.error.statement).toBe("seed/entities");
        expect(edit.body.error.message).toContain(
          `The query ${edit.body.error.statement} ran past its time limit of 2 s`,
        );
        expect(edit.body.error.elapsedMs).toBeGreaterThanOrEqual(2000);
      });
      expect((await api.get(`/api/nodes/${anchor}`)).body.node.name).not.toBe("Never written");
    } finally {
      await slow.close();
    }
  });
});

describe("a write the database terminates while it waits", () => {
  it("is answered 503 (ask again) naming the statement, and writes nothing", async () => {
    const admin = api.db.driver.session({ database: api.db.database });
    try {
      await whileActorLocked(async () => {
        const pending = api.send("PATCH", `/api/entities/${anchor}`, neverWritten);
        // The edit's transaction, blocked on the lock, is terminated by an administrator.
        let blocked: string | undefined;
        for (let i = 0; i < 100 && !blocked; i++) {
          const rows = await admin.run(
            "SHOW TRANSACTIONS YIELD transactionId, status WHERE status STARTS WITH 'Blocked'",
          );
          blocked = rows.records[0]?.get("transactionId");
          if (!blocked) await new Promise((r) => setTimeout(r, 100));
        }
        expect(blocked, "no transaction waited for the lock").toBeDefined();
        await admin.run("TERMINATE TRANSACTIONS $ids", { ids: [blocked] });
        const edit = await pending;
        expect(edit.status, JSON.stringify(edit.body)).toBe(503);
        expect(edit.headers.get("retry-after")).toBe("2");
        expect(edit.body.error).toMatchObject({ code: "query_stopped", statement: "seed/entities" });
        expect(edit.body.error.message).toMatch(/was stopped by the database before it finished.*Try again/);
      });
    } finally {
      await admin.close();
    }
  });
});

describe("private instances", () => {
  it("with READ_ACCESS=signed-in, reading needs a credential; health stays open", async () => {
    const priv = await startServer({ READ_ACCESS: "signed-in", ATLAS_USERS: `vera:viewer:${VIEWER}` });
    try {
      expect((await priv.get("/api/stats")).status).toBe(401);
      expect((await priv.get("/api/health")).status).toBe(200);
      expect((await priv.send("GET", "/api/stats", { token: VIEWER })).status).toBe(200);
    } finally {
      await priv.close();
    }
  });
});
