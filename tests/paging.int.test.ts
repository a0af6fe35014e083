/**
 * Paged lists against the real test Neo4j: search hits, the change history and the datasets. Following `next`
 * from the first page visits every item once, in the order of one large page; `total` counts them; the last page
 * has no `next`; a bad `offset` or `limit` answers 400 naming it; the OpenAPI document declares the page fields.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./helpers/server.ts";

const EDITOR = "editor-secret-paging-0123456789";
const SOURCE = "https://example.org/page-that-states-it";
const PREFIX = "paging-test-actor";

let api: TestServer;
let token: string;

beforeAll(async () => {
  api = await startServer({ EDITOR_TOKEN: EDITOR, SESSION_SECRET: "p".repeat(40) });
  token = (await api.send("POST", "/api/auth/sign-in", { body: { secret: EDITOR } })).body.token;
  // Five changes of our own, so the history has several pages of two.
  for (let i = 0; i < 5; i++) {
    const res = await api.send("POST", "/api/entities", {
      token,
      body: { id: `${PREFIX}-${i}`, kind: "Actor", name: `Paging test ${i}`, sector: "NGO", sources: [SOURCE] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(async () => {
  for (let i = 0; i < 5; i++) await api.send("DELETE", `/api/entities/${PREFIX}-${i}`, { token, body: {} });
  await api.close();
});

interface Paged {
  total: number;
  offset: number;
  limit: number;
  next: string | null;
}

/** Every page of a list from its first, following `next`; checks each page's fields on the way. */
async function allPages(first: string, field: string): Promise<{ items: unknown[]; pages: number; total: number }> {
  const items: unknown[] = [];
  let total: number | undefined;
  let pages = 0;
  for (let url: string | null = first; url; pages++) {
    const res = await api.get(url);
    expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
    const body = res.body as Paged & Record<string, unknown[]>;
    total ??= body.total;
    expect(body.total, url).toBe(total);
    expect(body.offset, url).toBe(items.length);
    expect(body[field]!.length, url).toBeLessThanOrEqual(body.limit);
    items.push(...body[field]!);
    if (body.next !== null) {
      expect(body[field]!.length, url).toBe(body.limit);
      expect(body.next, url).toMatch(/^\/api\/[a-z]+\?/);
    }
    url = body.next;
    expect(pages, "pages").toBeLessThan(200);
  }
  return { items, pages, total: total! };
}

const ids = (items: unknown[]) => items.map((x) => (x as { id: string }).id);

/** A list read in small pages and in large ones: the same items in the same order, each once, as many as total
 * says, in as many pages as it should take. */
async function pagesAgree(path: string, field: string, small: number, large: number) {
  const sep = path.includes("?") ? "&" : "?";
  const a = await allPages(`${path}${sep}limit=${small}`, field);
  const b = await allPages(`${path}${sep}limit=${large}`, field);
  expect(a.pages, path).toBe(Math.max(1, Math.ceil(a.total / small)));
  expect(a.items, path).toEqual(b.items);
  expect(new Set(ids(a.items)).size, path).toBe(a.total);
  expect(a.total, path).toBe(b.total);
  return a;
}

describe("paged lists", () => {
  it("search: small pages add up to the same ranked hits as one large page, counted by total", async () => {
    const { total } = await pagesAgree("/api/search?q=trafficking", "results", 7, 100);
    expect(total).toBeGreaterThan(14);
  });

  it("search: the next link keeps the query and says when more follow", async () => {
    const res = await api.get("/api/search?q=trafficking&limit=3");
    expect(res.body.truncated).toBe(true);
    const next = new URL(res.body.next, api.url);
    expect(next.pathname).toBe("/api/search");
    expect(Object.fromEntries(next.searchParams)).toEqual({ q: "trafficking", limit: "3", offset: "3" });
    const last = await api.get(`/api/search?q=trafficking&limit=3&offset=${res.body.total - 1}`);
    expect(last.body.results).toHaveLength(1);
    expect(last.body).toMatchObject({ next: null, truncated: false });
    const past = await api.get(`/api/search?q=trafficking&limit=3&offset=${res.body.total + 10}`);
    expect(past.body).toMatchObject({ results: [], next: null, total: res.body.total });
  });

  it("history: pages of two hold every change once, newest first, as many as total says", async () => {
    const { items, total } = await pagesAgree("/api/changes", "changes", 2, 500);
    expect(total).toBeGreaterThanOrEqual(5);
    const at = items.map((c) => (c as { at: string }).at);
    expect([...at].sort().reverse()).toEqual(at);
    // The target filter pages too, and its total counts only its changes.
    const one = await pagesAgree(`/api/changes?target=${PREFIX}-3`, "changes", 1, 500);
    expect(one.total).toBeGreaterThanOrEqual(1);
    expect(one.total).toBeLessThan(total);
    expect(one.items.map((c) => (c as { target: string }).target)).toEqual(Array(one.total).fill(`${PREFIX}-3`));
  });

  it("datasets: pages of one hold every dataset once, counted by total", async () => {
    const { items, total } = await pagesAgree("/api/datasets", "datasets", 1, 500);
    expect(total).toBeGreaterThanOrEqual(1);
    expect(ids(items)).toContain("curated");
  });

  it("refuses a bad offset or limit with a 400 naming the parameter", async () => {
    for (const [url, parameter] of [
      ["/api/search?q=ilo&offset=-1", "offset"],
      ["/api/search?q=ilo&offset=abc", "offset"],
      ["/api/changes?offset=1.5", "offset"],
      ["/api/datasets?offset=-3", "offset"],
      ["/api/datasets?limit=0", "limit"],
      ["/api/search?q=ilo&limit=101", "limit"],
    ] as const) {
      const res = await api.get(url);
      expect(res.status, url).toBe(400);
      expect(res.body.error, url).toMatchObject({ code: "invalid_parameter", parameter });
      expect(res.body.error.message, url).toContain(parameter);
    }
  });

  it("declares the page fields and parameters in the OpenAPI document", async () => {
    const doc = (await api.get("/api/openapi.json")).body;
    for (const [path, field] of [
      ["/api/search", "results"],
      ["/api/changes", "changes"],
      ["/api/datasets", "datasets"],
    ] as const) {
      const get = doc.paths[path].get;
      expect(
        get.parameters.map((p: { name: string }) => p.name),
        path,
      ).toEqual(expect.arrayContaining(["offset", "limit"]));
      const schema = get.responses["200"].content["application/json"].schema;
      const resolved = schema.$ref ? doc.components.schemas[schema.$ref.split("/").pop()] : schema;
      expect(Object.keys(resolved.properties), path).toEqual(
        expect.arrayContaining(["total", "offset", "limit", "next", field]),
      );
      expect(resolved.required, path).toEqual(expect.arrayContaining(["total", "next"]));
    }
  });
});
