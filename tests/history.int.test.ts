/**
 * The change history says what changed: each change carries, field by field, the value before and after (name,
 * aliases, issues, countries of operation…); and an edit of issues or countries of operation with an unknown value
 * is refused with a 400 that names the field and the value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./helpers/server.ts";

const EDITOR = "editor-secret-history-0123456789";
const SOURCE = "https://example.org/history-test";
const ID = "unodc";
let api: TestServer;
const reverts: string[] = [];

beforeAll(async () => {
  api = await startServer({ EDITOR_TOKEN: EDITOR });
});
afterAll(async () => {
  for (const id of reverts.reverse()) await api.send("POST", `/api/changes/${id}/revert`, { token: EDITOR });
  await api.close();
});

const patch = (body: Record<string, unknown>) =>
  api.send("PATCH", `/api/entities/${ID}`, { token: EDITOR, body: { sources: [SOURCE], ...body } });

describe("history with the before and after of each field", () => {
  it("lists the issues with their names", async () => {
    const res = await api.get("/api/issues");
    expect(res.status).toBe(200);
    expect(res.body.issues.length).toBeGreaterThan(5);
    for (const i of res.body.issues) expect(i.name, i.id).toMatch(/\w/);
  });

  it("records each changed field of an edit, and only those", async () => {
    const before = (await api.get(`/api/nodes/${ID}`)).body;
    const issues: { id: string }[] = (await api.get("/api/issues")).body.issues;
    const had: string[] = before.issues.map((i: { id: string }) => i.id);
    const added = issues.find((i) => !had.includes(i.id))!.id;
    const res = await patch({
      name: "UNODC, renamed for the history test",
      aliases: ["History Test Alias"],
      issues: [...had, added],
      operatesIn: ["FRA", "KEN"],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    reverts.push(res.body.change.id);
    const fields = Object.fromEntries(
      (res.body.change.fields as { field: string; before: unknown; after: unknown }[]).map((f) => [f.field, f]),
    );
    expect(fields.name).toEqual({
      field: "name",
      before: before.node.name,
      after: "UNODC, renamed for the history test",
    });
    expect(fields.aliases?.after).toEqual(["History Test Alias"]);
    expect(fields.issues?.before).toEqual(expect.arrayContaining(had));
    expect(fields.issues?.after).toEqual(expect.arrayContaining([...had, added]));
    expect([...(fields.operatesIn?.after as string[])].sort()).toEqual(["FRA", "KEN"]);
    expect(fields.sector, "an unchanged field is not listed").toBeUndefined();
    expect(fields.aliasText, "derived properties are not listed").toBeUndefined();

    const listed = (await api.get(`/api/changes?target=${ID}`)).body.changes[0];
    expect(listed.id).toBe(res.body.change.id);
    expect(listed.fields).toEqual(res.body.change.fields);
  });

  it("refuses an unknown issue or country of operation, naming the field and the value", async () => {
    const issue = await patch({ issues: ["no-such-issue"] });
    expect(issue.status).toBe(400);
    expect(issue.body.error.field).toBe("issues");
    expect(issue.body.error.message).toMatch(/body field 'issues'.*'no-such-issue' is not a known issue/);
    const country = await patch({ operatesIn: ["ZZZ"] });
    expect(country.status).toBe(400);
    expect(country.body.error.field).toBe("operatesIn");
    expect(country.body.error.message).toMatch(/'ZZZ' is not an ISO 3166-1 alpha-3 country code/);
    const shape = await patch({ operatesIn: ["france"] });
    expect(shape.status).toBe(400);
    expect(JSON.stringify(shape.body.error)).toMatch(/operatesIn/);
  });
});
