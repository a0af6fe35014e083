/** Search ranking against the real curated data: what a researcher types finds the organisation itself first. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./helpers/server.ts";

let api: TestServer;
beforeAll(async () => {
  api = await startServer();
});
afterAll(async () => {
  await api.close();
});

const first = async (q: string) => (await api.get(`/api/search?q=${encodeURIComponent(q)}&limit=8`)).body.results;

describe("search ranking", () => {
  it("puts an exact acronym or name first, ahead of longer names that contain it", async () => {
    for (const [q, id] of [
      ["ilo", "ilo"],
      ["ILO", "ilo"],
      ["unodc", "unodc"],
      ["iom", "iom"],
      ["UNICEF", "unicef"],
    ] as const) {
      const results = await first(q);
      expect(results[0]?.id, `${q}: ${results.map((r: { id: string }) => r.id).join(", ")}`).toBe(id);
    }
  });

  it("still finds what contains the words, and tolerates typos", async () => {
    const ilo = await first("ilo");
    expect(ilo.length).toBeGreaterThan(2);
    expect(ilo.every((r: { match?: number }) => r.match === undefined)).toBe(true);
    expect((await first("undoc"))[0]?.id).toBe("unodc");
  });
});
